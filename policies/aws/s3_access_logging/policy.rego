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
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_values := input.resource.values

_address := input.resource.address

_base_address := regex.replace(_address, `\[[^\]]*\]$`, "")

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

_has_logging_resource if {
	some r in lib.stack_resources("aws_s3_bucket_logging")
	_targets_this_bucket(r)
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

_log_destination if _log_named(_values.bucket)

_log_destination if _log_named(_values.bucket_prefix)

_log_destination if _log_named(_values.BucketName)

_log_destination if _log_named(input.resource.name)

_log_destination if _values.acl == "log-delivery-write"

_log_destination if _values.AccessControl == "LogDeliveryWrite"

_log_destination if {
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

_log_destination if {
	some r in lib.input_referrers
	_log_reference(r.type, r.pointer)
}

_log_reference(_, ptr) if regex.match(`(?i)log`, ptr)

_log_reference(_, ptr) if ptr == "/target_bucket"

_log_reference(type, _) if type in _log_writers

# Another resource names this bucket, by its literal name, as where logs go.
_log_destination if {
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

_log_destination if _bucket_name in _inline_log_targets

_log_destination if {
	some r in lib.stack_resources("aws_cloudtrail")
	r.values.s3_bucket_name == _bucket_name
}

_inline_log_targets contains name if {
	some r in lib.stack_resources("AWS::S3::Bucket")
	name := r.values.LoggingConfiguration.DestinationBucketName
}

_log_destination if {
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
