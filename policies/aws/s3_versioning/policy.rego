# METADATA
# title: S3 buckets keep object versions
# description: Without versioning an object that is overwritten or deleted, by mistake or by an attacker, is lost for good. Versioning keeps the earlier copies so they can be restored.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/manage-versioning-examples.html
# custom:
#   id: VGL-AWS-S3-002
#   severity: medium
#   enforcement: remediate
#   resources: [aws_s3_bucket, aws_s3_bucket_versioning, "AWS::S3::Bucket", "aws:s3/bucket:Bucket", "aws:s3/bucketVersioningV2:BucketVersioningV2"]
#   controls:
#     NIST-800-53-r5: ["CP-9", "SI-12"]
#   aliases: [CKV_AWS_21, AWS-0090]
package vigil.aws.s3.versioning

import data.vigil.lib
import data.vigil.lib.aws

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

# ---------------------------------------------------------------------------
# Terraform: finding the aws_s3_bucket_versioning resources of this bucket.

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_bucket_name := input.resource.values.bucket if _known_string(input.resource.values.bucket)

_bucket_refs(r) := object.get(object.get(r, "references", {}), "/bucket", [])

# The versioning resources of this bucket, found in lookups rather than a scan of the
# stack per bucket (quadratic in big stacks): first through the stack's index of
# references (a resource whose bucket refers to this one), then by the literal names
# they name, then whether one of them names its bucket in a way that cannot be told
# (then it may be this one). The rules here that read no input are computed once per
# stack.
_versioning_resources := lib.stack_resources("aws_s3_bucket_versioning")

_versioning_names := aws.bucket_names(_versioning_resources)

_versioning_undetermined if aws.undetermined(_versioning_resources)

_versioning_unreferenced if aws.unreferenced(_versioning_resources)

_versioning_refers_here if {
	some ref in input_referrers
	ref.type == "aws_s3_bucket_versioning"
	ref.pointer == "/bucket"
}

_has_versioning_resource if _versioning_refers_here

# `not` rather than `else`, which regorus's VM does not evaluate as its interpreter does.
_has_versioning_resource if {
	not _versioning_refers_here
	_bucket_name in _versioning_names
}

_has_versioning_resource if {
	not _versioning_refers_here
	_known_string(_bucket_name)
	_versioning_undetermined
}

_has_versioning_resource if {
	not _versioning_refers_here
	not _bucket_name
	_versioning_unreferenced
}

# ---------------------------------------------------------------------------
# Terraform: inline `versioning` block of aws_s3_bucket (provider < 4, still accepted).

deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	some block in lib.block_entries(input.resource.values, "versioning", "")
	lib.is_false(block.value.enabled)
	not _has_versioning_resource
	path := sprintf("%s/enabled", [block.path])
	result := {
		"msg": "S3 bucket versioning is disabled (versioning.enabled = false): overwritten or deleted objects cannot be recovered. Set enabled = true.",
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
	}
}

deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	some block in lib.block_entries(input.resource.values, "versioning", "")
	not lib.has_key(block.value, "enabled")
	not _has_versioning_resource
	path := sprintf("%s/enabled", [block.path])
	result := {
		"msg": "S3 bucket has a versioning block without enabled = true, so versioning stays off: overwritten or deleted objects cannot be recovered. Add enabled = true.",
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
	}
}

deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	not lib.has_key(input.resource.values, "versioning")
	not _has_versioning_resource
	result := {
		"msg": "S3 bucket has no versioning: overwritten or deleted objects cannot be recovered. Add an aws_s3_bucket_versioning resource for it with versioning_configuration { status = \"Enabled\" }.",
		"path": "/versioning",
	}
}

# Terraform: aws_s3_bucket_versioning (provider >= 4).
deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket_versioning"
	some block in lib.block_entries(input.resource.values, "versioning_configuration", "")
	status := block.value.status
	status in {"Suspended", "Disabled"}
	path := sprintf("%s/status", [block.path])
	result := {
		"msg": sprintf("S3 bucket versioning is %q: new overwrites and deletions cannot be recovered. Set status = \"Enabled\".", [status]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "Enabled"}],
	}
}

# ---------------------------------------------------------------------------
# CloudFormation: AWS::S3::Bucket VersioningConfiguration.

deny contains result if {
	_cfn
	input.resource.type == "AWS::S3::Bucket"
	not lib.has_key(input.resource.values, "VersioningConfiguration")
	result := {
		"msg": "S3 bucket has no VersioningConfiguration, so versioning is off: overwritten or deleted objects cannot be recovered. Add VersioningConfiguration with Status: Enabled.",
		"path": "/VersioningConfiguration",
		"fix": [{"op": "add", "path": "/VersioningConfiguration", "value": {"Status": "Enabled"}}],
	}
}

deny contains result if {
	_cfn
	input.resource.type == "AWS::S3::Bucket"
	input.resource.values.VersioningConfiguration.Status == "Suspended"
	result := {
		"msg": "S3 bucket versioning is Suspended: new overwrites and deletions cannot be recovered. Set VersioningConfiguration.Status to Enabled.",
		"path": "/VersioningConfiguration/Status",
		"fix": [{"op": "replace", "path": "/VersioningConfiguration/Status", "value": "Enabled"}],
	}
}

# ---------------------------------------------------------------------------
# Pulumi (AWS provider v6): inline on the bucket, or a separate resource whose
# `bucket` refers to it (or names it).

_pulumi if input.resource.source == "pulumi"

# Literal types: Vigil re-evaluates the policy only when resources of these change.
# First the resources that refer to this bucket (input_referrers, each looked up by its
# address).
_pulumi_versioning_refers_here if {
	some ref in input_referrers
	ref.pointer == "/bucket"
	r := lib.stack_resource_at("aws:s3/bucketVersioningV2:BucketVersioningV2", ref.address)
	input.resource.address in _bucket_refs(r)
}

_pulumi_versioning_refers_here if {
	some ref in input_referrers
	ref.pointer == "/bucket"
	r := lib.stack_resource_at("aws:s3/bucketVersioning:BucketVersioning", ref.address)
	input.resource.address in _bucket_refs(r)
}

_pulumi_has_versioning_resource if _pulumi_versioning_refers_here

# Then, computed once per stack: the literal names they name, and whether one of them
# names its bucket neither by reference nor by name (then it may be this one).
_pulumi_versioning_resources := array.concat(
	lib.stack_resources("aws:s3/bucketVersioningV2:BucketVersioningV2"),
	lib.stack_resources("aws:s3/bucketVersioning:BucketVersioning"),
)

_pulumi_versioning_names := aws.bucket_names(_pulumi_versioning_resources)

_pulumi_versioning_unbound if aws.unbound(_pulumi_versioning_resources)

_pulumi_has_versioning_resource if {
	not _pulumi_versioning_refers_here
	_bucket_name in _pulumi_versioning_names
}

_pulumi_has_versioning_resource if {
	not _pulumi_versioning_refers_here
	_pulumi_versioning_unbound
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:s3/bucket:Bucket"
	not lib.has_key(input.resource.values, "versioning")
	not _pulumi_has_versioning_resource
	result := {
		"msg": "S3 bucket has no versioning: overwritten or deleted objects cannot be recovered. Add versioning: {enabled: true}, or an aws:s3:BucketVersioningV2 resource for it.",
		"path": "/versioning",
		"fix": [{"op": "add", "path": "/versioning", "value": {"enabled": true}}],
	}
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:s3/bucket:Bucket"
	lib.is_false(input.resource.values.versioning.enabled)
	not _pulumi_has_versioning_resource
	result := {
		"msg": "S3 bucket versioning is disabled (versioning.enabled: false): overwritten or deleted objects cannot be recovered. Set enabled: true.",
		"path": "/versioning/enabled",
		"fix": [{"op": "replace", "path": "/versioning/enabled", "value": true}],
	}
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:s3/bucketVersioningV2:BucketVersioningV2"
	status := input.resource.values.versioningConfiguration.status
	status in {"Suspended", "Disabled"}
	result := {
		"msg": sprintf("S3 bucket versioning is %q: new overwrites and deletions cannot be recovered. Set status: Enabled.", [status]),
		"path": "/versioningConfiguration/status",
		"fix": [{"op": "replace", "path": "/versioningConfiguration/status", "value": "Enabled"}],
	}
}
