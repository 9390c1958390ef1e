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
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

# ---------------------------------------------------------------------------
# Terraform: finding the aws_s3_bucket_versioning resources of this bucket.

_address := input.resource.address

_base_address := regex.replace(_address, `\[[^\]]*\]$`, "")

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

_has_versioning_resource if {
	some r in lib.stack_resources("aws_s3_bucket_versioning")
	_targets_this_bucket(r)
}

# ---------------------------------------------------------------------------
# Terraform: inline `versioning` block of aws_s3_bucket (provider < 4, still accepted).

deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	not _has_versioning_resource
	some block in lib.block_entries(input.resource.values, "versioning", "")
	lib.is_false(block.value.enabled)
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
	not _has_versioning_resource
	some block in lib.block_entries(input.resource.values, "versioning", "")
	not lib.has_key(block.value, "enabled")
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

# Literal types: Vigil re-evaluates the policy only when resources of these change.
_pulumi_has_versioning_resource if {
	some r in lib.stack_resources("aws:s3/bucketVersioningV2:BucketVersioningV2")
	_pulumi_targets_this_bucket(r)
}

_pulumi_has_versioning_resource if {
	some r in lib.stack_resources("aws:s3/bucketVersioning:BucketVersioning")
	_pulumi_targets_this_bucket(r)
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
	not _pulumi_has_versioning_resource
	lib.is_false(input.resource.values.versioning.enabled)
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
