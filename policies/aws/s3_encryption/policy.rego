# METADATA
# title: S3 buckets declare default server-side encryption
# description: A bucket without an explicit server-side encryption configuration relies on the account default. Since January 2023 AWS encrypts every new object with SSE-S3 anyway, so this is a low-risk finding, but declaring the encryption (or choosing SSE-KMS) keeps the intent visible and reviewable in code.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
# custom:
#   id: VGL-AWS-S3-003
#   severity: low
#   enforcement: advisory
#   resources: [aws_s3_bucket, "AWS::S3::Bucket", "aws:s3/bucket:Bucket"]
#   controls:
#     NIST-800-53-r5: ["SC-13", "SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_19, AWS-0088]
package vigil.aws.s3.encryption

import data.vigil.lib
import data.vigil.lib.aws

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

# ---------------------------------------------------------------------------
# Terraform: finding the aws_s3_bucket_server_side_encryption_configuration of this bucket.

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_bucket_name := input.resource.values.bucket if _known_string(input.resource.values.bucket)

_bucket_refs(r) := object.get(object.get(r, "references", {}), "/bucket", [])

# The encryption configurations of this bucket, found in lookups rather than a scan of
# the stack per bucket (quadratic in big stacks): first through the stack's index of
# references (a resource whose bucket refers to this one), then by the literal names
# they name, then whether one of them names its bucket in a way that cannot be told
# (then it may be this one). The rules here that read no input are computed once per
# stack.
_encryption_resources := lib.stack_resources("aws_s3_bucket_server_side_encryption_configuration")

_encryption_names := aws.bucket_names(_encryption_resources)

_encryption_undetermined if aws.undetermined(_encryption_resources)

_encryption_unreferenced if aws.unreferenced(_encryption_resources)

_encryption_refers_here if {
	some ref in input_referrers
	ref.type == "aws_s3_bucket_server_side_encryption_configuration"
	ref.pointer == "/bucket"
}

_has_encryption_resource if _encryption_refers_here

# `not` rather than `else`, which regorus's VM does not evaluate as its interpreter does.
_has_encryption_resource if {
	not _encryption_refers_here
	_bucket_name in _encryption_names
}

_has_encryption_resource if {
	not _encryption_refers_here
	_known_string(_bucket_name)
	_encryption_undetermined
}

_has_encryption_resource if {
	not _encryption_refers_here
	not _bucket_name
	_encryption_unreferenced
}

# ---------------------------------------------------------------------------

deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	not lib.has_key(input.resource.values, "server_side_encryption_configuration")
	not _has_encryption_resource
	result := {
		"msg": "S3 bucket declares no default encryption: it relies on the account default (SSE-S3 since 2023). Add an aws_s3_bucket_server_side_encryption_configuration resource for it, with SSE-KMS if you need control over the key.",
		"path": "/server_side_encryption_configuration",
	}
}

deny contains result if {
	_cfn
	input.resource.type == "AWS::S3::Bucket"
	not lib.has_key(input.resource.values, "BucketEncryption")
	result := {
		"msg": "S3 bucket declares no BucketEncryption: it relies on the account default (SSE-S3 since 2023). Add BucketEncryption, with SSE-KMS (aws:kms) if you need control over the key.",
		"path": "/BucketEncryption",
		"fix": [{"op": "add", "path": "/BucketEncryption", "value": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}],
	}
}

# ---------------------------------------------------------------------------
# Pulumi (AWS provider v6): inline on the bucket, or a separate
# BucketServerSideEncryptionConfigurationV2 whose `bucket` refers to it (or names it).

_pulumi if input.resource.source == "pulumi"

# Literal types: Vigil re-evaluates the policy only when resources of these change.
# First the resources that refer to this bucket (input_referrers, each looked up by its
# address).
_pulumi_encryption_refers_here if {
	some ref in input_referrers
	ref.pointer == "/bucket"
	r := lib.stack_resource_at("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", ref.address)
	input.resource.address in _bucket_refs(r)
}

_pulumi_encryption_refers_here if {
	some ref in input_referrers
	ref.pointer == "/bucket"
	r := lib.stack_resource_at("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", ref.address)
	input.resource.address in _bucket_refs(r)
}

_pulumi_has_encryption_resource if _pulumi_encryption_refers_here

# Then, computed once per stack: the literal names they name, and whether one of them
# names its bucket neither by reference nor by name (then it may be this one).
_pulumi_encryption_resources := array.concat(
	lib.stack_resources("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"),
	lib.stack_resources("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
)

_pulumi_encryption_names := aws.bucket_names(_pulumi_encryption_resources)

_pulumi_encryption_unbound if aws.unbound(_pulumi_encryption_resources)

_pulumi_has_encryption_resource if {
	not _pulumi_encryption_refers_here
	_bucket_name in _pulumi_encryption_names
}

_pulumi_has_encryption_resource if {
	not _pulumi_encryption_refers_here
	_pulumi_encryption_unbound
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:s3/bucket:Bucket"
	not lib.has_key(input.resource.values, "serverSideEncryptionConfiguration")
	not _pulumi_has_encryption_resource
	result := {
		"msg": "S3 bucket declares no serverSideEncryptionConfiguration: it relies on the account default (SSE-S3 since 2023). Add one, with SSE-KMS (aws:kms) if you need control over the key.",
		"path": "/serverSideEncryptionConfiguration",
		"fix": [{
			"op": "add",
			"path": "/serverSideEncryptionConfiguration",
			"value": {"rule": {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}},
		}],
	}
}
