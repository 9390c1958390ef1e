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

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

# ---------------------------------------------------------------------------
# Terraform: finding the aws_s3_bucket_server_side_encryption_configuration of this bucket.

_address := input.resource.address

_base_address := regex.replace(_address, `\[[^\]]*\]$`, "")

_own_addresses := {_address, _base_address}

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_bucket_name := input.resource.values.bucket if _known_string(input.resource.values.bucket)

_bucket_refs(r) := object.get(object.get(r, "references", {}), "/bucket", [])

_bucket_value(r) := object.get(object.get(r, "values", {}), "bucket", null)

# r names this bucket by reference.
_targets_this_bucket(r) if {
	some ref in _bucket_refs(r)
	ref in {_address, _base_address}
}

# r names this bucket by its literal name.
_targets_this_bucket(r) if {
	_known_string(_bucket_value(r))
	_bucket_value(r) == _bucket_name
}

# Which bucket r configures cannot be told: assume it may be this one.
_targets_this_bucket(r) if not _bucket_determined(r)

_bucket_determined(r) if {
	some ref in _bucket_refs(r)
	regex.match(`(^|\.)aws_s3_bucket\.[^.]+$`, ref)
}

_bucket_determined(r) if {
	_known_string(_bucket_value(r))
	_known_string(_bucket_name)
}

# Whether some resource of rs targets this bucket, as
# `some r in rs; _targets_this_bucket(r)` but cheaper: the usual resource, whose bucket
# refers to another aws_s3_bucket, is ruled out by a few comparisons instead of the
# function calls and the regex of _targets_this_bucket (a scan pays that per resource).
_some_target_this_bucket(rs) if {
	some r in rs
	some ref in r.references["/bucket"]
	ref in _own_addresses
}

_some_target_this_bucket(rs) if {
	name := _bucket_name
	some r in rs
	r.values.bucket == name
}

# The third _targets_this_bucket (which bucket r configures cannot be told) never holds
# for a resource whose bucket refers to an aws_s3_bucket.
_some_target_this_bucket(rs) if {
	some r in rs
	not _refers_to_a_bucket(r)
	_targets_this_bucket(r)
}

# Some /bucket reference of r matches the regex of _bucket_determined, told without it.
_refers_to_a_bucket(r) if {
	some ref in r.references["/bucket"]
	parts := split(ref, ".")
	count(parts) == 2
	parts[0] == "aws_s3_bucket"
	parts[1] != ""
}

# First through the stack's index of references, in one lookup: an input_referrers entry
# of this type at /bucket is exactly an encryption configuration whose bucket refers to
# this bucket (the first _targets_this_bucket).
_encryption_refers_here if {
	some ref in input_referrers
	ref.type == "aws_s3_bucket_server_side_encryption_configuration"
	ref.pointer == "/bucket"
}

_has_encryption_resource if _encryption_refers_here

# Only when none refers to it, the scan of every encryption configuration (for the ones
# that name the bucket by its literal name, or whose bucket cannot be told). `not`
# rather than `else`, which regorus's VM does not evaluate as its interpreter does.
_has_encryption_resource if {
	not _encryption_refers_here
	_some_target_this_bucket(lib.stack_resources("aws_s3_bucket_server_side_encryption_configuration"))
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

_pulumi_targets_this_bucket(r) if input.resource.address in _bucket_refs(r)

_pulumi_targets_this_bucket(r) if {
	_known_string(_bucket_value(r))
	_bucket_value(r) == _bucket_name
}

# Which bucket r configures cannot be told: assume it may be this one.
_pulumi_targets_this_bucket(r) if {
	count(_bucket_refs(r)) == 0
	not _known_string(_bucket_value(r))
}

# Whether some resource of rs targets this bucket: `some r in rs;
# _pulumi_targets_this_bucket(r)`, with cheap tests first (as _some_target_this_bucket).
_pulumi_some_target_this_bucket(rs) if {
	some r in rs
	input.resource.address in r.references["/bucket"]
}

_pulumi_some_target_this_bucket(rs) if {
	name := _bucket_name
	some r in rs
	r.values.bucket == name
}

# The third _pulumi_targets_this_bucket needs a bucket without references.
_pulumi_some_target_this_bucket(rs) if {
	some r in rs
	not r.references["/bucket"][0]
	_pulumi_targets_this_bucket(r)
}

# Literal types: Vigil re-evaluates the policy only when resources of these change.
# First the resources that refer to this bucket (input_referrers, each looked up by its
# address); only when none refers to it through `bucket`, the scans.
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

_pulumi_has_encryption_resource if {
	not _pulumi_encryption_refers_here
	_pulumi_some_target_this_bucket(lib.stack_resources("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"))
}

_pulumi_has_encryption_resource if {
	not _pulumi_encryption_refers_here
	_pulumi_some_target_this_bucket(lib.stack_resources("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"))
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
