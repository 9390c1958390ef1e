# METADATA
# title: S3 buckets record server access logs
# description: Server access logs record every request made to a bucket, which is what an investigation needs to tell who read or changed which object. Buckets that look like log destinations themselves (by name, by a log-delivery ACL, or because other resources deliver logs to them) are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
# custom:
#   id: VGL-AWS-S3-004
#   severity: low
#   enforcement: advisory
#   resources: [aws_s3_bucket, "AWS::S3::Bucket"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-3", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_18, AWS-0089]
package vigil.aws.s3.access_logging

import data.vigil.lib

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_values := input.resource.values

_address := input.resource.address

_base_address := regex.replace(_address, `\[[^\]]*\]$`, "")

_own_addresses := {_address, _base_address}

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

# ---------------------------------------------------------------------------
# Terraform: finding the aws_s3_bucket_logging / aws_s3_bucket_acl of this bucket.

_bucket_name := _values.bucket if {
	_tf
	_known_string(_values.bucket)
}

_bucket_name := _values.BucketName if {
	_cfn
	_known_string(_values.BucketName)
}

_bucket_refs(r) := object.get(object.get(r, "references", {}), "/bucket", [])

_bucket_value(r) := object.get(object.get(r, "values", {}), "bucket", null)

_targets_this_bucket(r) if {
	some ref in _bucket_refs(r)
	ref in {_address, _base_address}
}

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
# of this type at /bucket is exactly a logging resource whose bucket refers to this
# bucket (the first _targets_this_bucket).
_logging_refers_here if {
	some ref in input_referrers
	ref.type == "aws_s3_bucket_logging"
	ref.pointer == "/bucket"
}

_has_logging_resource if _logging_refers_here

# Only when none refers to it, the scan of every logging resource (for the ones that
# name the bucket by its literal name, or whose bucket cannot be told). `not` rather
# than `else`, which regorus's VM does not evaluate as its interpreter does.
_has_logging_resource if {
	not _logging_refers_here
	_some_target_this_bucket(lib.stack_resources("aws_s3_bucket_logging"))
}

# ---------------------------------------------------------------------------
# Buckets that receive logs themselves: logging them would only add noise (or loops).

_log_word := `(?i)(^|[^a-z])(logs?|logging|audit|trail|cloudtrail)([^a-z]|$)`

_camel_log_word := `(^|[a-z0-9])(Logs?|Logging|Audit|Trail|CloudTrail)([A-Z0-9_-]|$)|^(logs?|logging|audit|trail)([A-Z0-9_-]|$)`

_log_named(name) if {
	_known_string(name)
	regex.match(_log_word, name)
}

_log_named(name) if {
	_known_string(name)
	regex.match(_camel_log_word, name)
}

# _log_destination_here: what the bucket itself, and the resources that refer to it
# (looked up through the stack's index of references), tell, in cheap tests. Only when
# that tells nothing, the scans of the stack (for resources that name the bucket by its
# literal name): `not _log_destination_here` rather than an `else` chain, which
# regorus's VM does not evaluate as its interpreter does.
_log_destination if _log_destination_here

_log_destination_here if _log_named(_values.bucket)

_log_destination_here if _log_named(_values.bucket_prefix)

_log_destination_here if _log_named(_values.BucketName)

_log_destination_here if _log_named(input.resource.name)

_log_destination_here if _values.acl == "log-delivery-write"

_log_destination_here if _values.AccessControl == "LogDeliveryWrite"

# An aws_s3_bucket_acl that refers to this bucket, looked up by its address.
_log_destination_here if {
	_tf
	some ref in input_referrers
	acl := lib.stack_resource_at("aws_s3_bucket_acl", ref.address)
	acl.values.acl == "log-delivery-write"
	_targets_this_bucket(acl)
}

_log_destination if {
	not _log_destination_here
	_tf
	some r in lib.stack_resources("aws_s3_bucket_acl")
	r.values.acl == "log-delivery-write"
	_targets_this_bucket(r)
}

# Services that write their logs to S3.
_log_writers := {
	"aws_cloudtrail",
	"aws_config_delivery_channel",
	"aws_flow_log",
	"AWS::CloudTrail::Trail",
	"AWS::Config::DeliveryChannel",
	"AWS::EC2::FlowLog",
}

_log_destination_here if {
	some r in input_referrers
	_log_reference(r.type, r.pointer)
}

_log_reference(_, ptr) if regex.match(`(?i)log`, ptr)

_log_reference(_, ptr) if ptr == "/target_bucket"

_log_reference(type, _) if type in _log_writers

# Another resource names this bucket, by its literal name, as where logs go.
_log_destination if {
	not _log_destination_here
	some r in lib.stack_resources("aws_s3_bucket_logging")
	r.values.target_bucket == _bucket_name
}

# The buckets that other buckets deliver their logs to, by name (one set per
# evaluation rather than a scan of every bucket per rule).
_inline_log_targets contains name if {
	some r in lib.stack_resources("aws_s3_bucket")
	name := r.values.logging.target_bucket
}

_inline_log_targets contains name if {
	some r in lib.stack_resources("aws_s3_bucket")
	is_array(r.values.logging)
	some block in r.values.logging
	name := block.target_bucket
}

_log_destination if {
	not _log_destination_here
	_bucket_name in _inline_log_targets
}

_log_destination if {
	not _log_destination_here
	some r in lib.stack_resources("aws_cloudtrail")
	r.values.s3_bucket_name == _bucket_name
}

_inline_log_targets contains name if {
	some r in lib.stack_resources("AWS::S3::Bucket")
	name := r.values.LoggingConfiguration.DestinationBucketName
}

_log_destination if {
	not _log_destination_here
	some r in lib.stack_resources("AWS::CloudTrail::Trail")
	r.values.S3BucketName == _bucket_name
}

# ---------------------------------------------------------------------------

deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	not lib.has_key(_values, "logging")
	not _has_logging_resource
	not _log_destination
	result := {
		"msg": "S3 bucket has no server access logging, so requests to it leave no record for audits or investigations. Add an aws_s3_bucket_logging resource that delivers its logs to a dedicated log bucket.",
		"path": "/logging",
	}
}

deny contains result if {
	_cfn
	input.resource.type == "AWS::S3::Bucket"
	not lib.has_key(_values, "LoggingConfiguration")
	not _log_destination
	result := {
		"msg": "S3 bucket has no LoggingConfiguration, so requests to it leave no record for audits or investigations. Add LoggingConfiguration with DestinationBucketName set to a dedicated log bucket.",
		"path": "/LoggingConfiguration",
	}
}
