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
#   resources: [aws_s3_bucket, "AWS::S3::Bucket", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-3", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_18, AWS-0089]
package vigil.aws.s3.access_logging

import data.vigil.lib
import data.vigil.lib.aws

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

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

_bucket_name := _values.bucket if {
	_pulumi
	_known_string(_values.bucket)
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

_bucket_determined(r) if aws.bucket_referenced(r)

_bucket_determined(r) if {
	_known_string(_bucket_value(r))
	_known_string(_bucket_name)
}

# Whether some resource of a kind targets this bucket, in lookups rather than a scan of
# the stack per bucket (quadratic in big stacks): first through the stack's index of
# references (a resource whose bucket refers to this one), then by the literal names
# the resources of the kind name, then whether one of them names its bucket in a way
# that cannot be told. The rules below that read no input are computed once per stack.
_logging := lib.stack_resources("aws_s3_bucket_logging")

_logging_names := aws.bucket_names(_logging)

_logging_undetermined if aws.undetermined(_logging)

_logging_unreferenced if aws.unreferenced(_logging)

_logging_refers_here if {
	some ref in input_referrers
	ref.type == "aws_s3_bucket_logging"
	ref.pointer == "/bucket"
}

_has_logging_resource if _logging_refers_here

# `not` rather than `else`, which regorus's VM does not evaluate as its interpreter does.
_has_logging_resource if {
	not _logging_refers_here
	_bucket_name in _logging_names
}

_has_logging_resource if {
	not _logging_refers_here
	_known_string(_bucket_name)
	_logging_undetermined
}

_has_logging_resource if {
	not _logging_refers_here
	not _bucket_name
	_logging_unreferenced
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

_log_destination_here if _log_named(_values.bucketPrefix)

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

# The log-delivery ACLs that do not refer to this bucket (those that do are found
# above): by the literal names they name, or when which bucket they are for cannot be told.
_log_delivery_acls := [r |
	some r in lib.stack_resources("aws_s3_bucket_acl")
	r.values.acl == "log-delivery-write"
]

_log_delivery_acl_names := aws.bucket_names(_log_delivery_acls)

_log_delivery_acl_undetermined if aws.undetermined(_log_delivery_acls)

_log_delivery_acl_unreferenced if aws.unreferenced(_log_delivery_acls)

_log_destination if {
	not _log_destination_here
	_tf
	_bucket_name in _log_delivery_acl_names
}

_log_destination if {
	not _log_destination_here
	_tf
	_known_string(_bucket_name)
	_log_delivery_acl_undetermined
}

_log_destination if {
	not _log_destination_here
	_tf
	not _bucket_name
	_log_delivery_acl_unreferenced
}

# Services that write their logs to S3.
_log_writers := {
	"aws_cloudtrail",
	"aws_config_delivery_channel",
	"aws_flow_log",
	"AWS::CloudTrail::Trail",
	"AWS::Config::DeliveryChannel",
	"AWS::EC2::FlowLog",
	"aws:cloudtrail/trail:Trail",
	"aws:cfg/deliveryChannel:DeliveryChannel",
	"aws:ec2/flowLog:FlowLog",
}

_log_destination_here if {
	some r in input_referrers
	_log_reference(r.type, r.pointer)
}

_log_reference(_, ptr) if regex.match(`(?i)log`, ptr)

_log_reference(_, ptr) if ptr == "/target_bucket"

_log_reference(_, ptr) if ptr == "/targetBucket"

_log_reference(type, _) if type in _log_writers

# Another resource names this bucket, by its literal name, as where logs go.
_logging_targets contains name if {
	some r in _logging
	name := r.values.target_bucket
}

_log_destination if {
	not _log_destination_here
	_bucket_name in _logging_targets
}

# The buckets that other buckets deliver their logs to, by name (one set per stack
# rather than a scan of every bucket per bucket).
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

_trail_buckets contains name if {
	some r in lib.stack_resources("aws_cloudtrail")
	name := r.values.s3_bucket_name
}

_trail_buckets contains name if {
	some r in lib.stack_resources("AWS::CloudTrail::Trail")
	name := r.values.S3BucketName
}

_log_destination if {
	not _log_destination_here
	_bucket_name in _trail_buckets
}

_inline_log_targets contains name if {
	some r in lib.stack_resources("AWS::S3::Bucket")
	name := r.values.LoggingConfiguration.DestinationBucketName
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

# ---------------------------------------------------------------------------
# Pulumi YAML: inline `loggings` of aws:s3:Bucket / aws:s3:BucketV2, or a separate
# aws:s3:BucketLoggingV2 (aws:s3:BucketLogging in provider v7) whose bucket refers to
# this bucket or names it.

_pulumi_logging_refers_here if {
	some ref in input_referrers
	ref.pointer == "/bucket"
	r := lib.stack_resource_at("aws:s3/bucketLoggingV2:BucketLoggingV2", ref.address)
	_address in _bucket_refs(r)
}

_pulumi_logging_refers_here if {
	some ref in input_referrers
	ref.pointer == "/bucket"
	r := lib.stack_resource_at("aws:s3/bucketLogging:BucketLogging", ref.address)
	_address in _bucket_refs(r)
}

_pulumi_logging := array.concat(
	lib.stack_resources("aws:s3/bucketLoggingV2:BucketLoggingV2"),
	lib.stack_resources("aws:s3/bucketLogging:BucketLogging"),
)

_pulumi_logging_names := aws.bucket_names(_pulumi_logging)

_pulumi_logging_unbound if aws.unbound(_pulumi_logging)

_pulumi_has_logging_resource if _pulumi_logging_refers_here

_pulumi_has_logging_resource if {
	not _pulumi_logging_refers_here
	_bucket_name in _pulumi_logging_names
}

_pulumi_has_logging_resource if {
	not _pulumi_logging_refers_here
	_pulumi_logging_unbound
}

# Buckets named, by their literal name, as where other resources deliver logs.
_pulumi_log_targets contains name if {
	some r in _pulumi_logging
	name := r.values.targetBucket
}

_pulumi_log_targets contains name if {
	some r in lib.stack_resources("aws:s3/bucketV2:BucketV2")
	some block in r.values.loggings
	name := block.targetBucket
}

_pulumi_log_targets contains name if {
	some r in lib.stack_resources("aws:s3/bucket:Bucket")
	some block in r.values.loggings
	name := block.targetBucket
}

_pulumi_log_targets contains name if {
	some r in lib.stack_resources("aws:cloudtrail/trail:Trail")
	name := r.values.s3BucketName
}

_log_destination if {
	not _log_destination_here
	_pulumi
	_bucket_name in _pulumi_log_targets
}

deny contains result if {
	_pulumi
	input.resource.type in {"aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"}
	not lib.has_key(_values, "loggings")
	not lib.has_key(_values, "logging")
	not _pulumi_has_logging_resource
	not _log_destination
	result := {
		"msg": "S3 bucket has no server access logging, so requests to it leave no record for audits or investigations. Add an aws:s3:BucketLoggingV2 resource for it (bucket: ${thisBucket.id}, targetBucket: a dedicated log bucket).",
		"path": "/loggings",
	}
}
