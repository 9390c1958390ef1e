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

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

# ---------------------------------------------------------------------------
# Terraform: finding the aws_s3_bucket_versioning resources of this bucket.

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
# of this type at /bucket is exactly a versioning resource whose bucket refers to this
# bucket (the first _targets_this_bucket).
_versioning_refers_here if {
	some ref in input_referrers
	ref.type == "aws_s3_bucket_versioning"
	ref.pointer == "/bucket"
}

_has_versioning_resource if _versioning_refers_here

# Only when none refers to it, the scan of every versioning resource (for the ones that
# name the bucket by its literal name, or whose bucket cannot be told). `not` rather
# than `else`, which regorus's VM does not evaluate as its interpreter does.
_has_versioning_resource if {
	not _versioning_refers_here
	_some_target_this_bucket(lib.stack_resources("aws_s3_bucket_versioning"))
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

_pulumi_has_versioning_resource if {
	not _pulumi_versioning_refers_here
	_pulumi_some_target_this_bucket(lib.stack_resources("aws:s3/bucketVersioningV2:BucketVersioningV2"))
}

_pulumi_has_versioning_resource if {
	not _pulumi_versioning_refers_here
	_pulumi_some_target_this_bucket(lib.stack_resources("aws:s3/bucketVersioning:BucketVersioning"))
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
