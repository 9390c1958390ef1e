package vigil.aws.s3.access_logging_test

import data.vigil.aws.s3.access_logging as p
import data.vigil.lib
import rego.v1

_tf_bucket(name, values) := {"resource": {
	"address": sprintf("aws_s3_bucket.%s", [name]),
	"type": "aws_s3_bucket",
	"name": name,
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn_bucket(id, props) := {"resource": {
	"address": id,
	"type": "AWS::S3::Bucket",
	"name": id,
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_tf_res(type, name, values, refs, unknown) := {
	"address": sprintf("%s.%s", [type, name]),
	"type": type,
	"name": name,
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": refs,
	"unknown": unknown,
}

# --- Terraform ------------------------------------------------------------------

test_tf_no_logging if {
	results := p.deny with input as _tf_bucket("data", {"bucket": "acme-data"})
	count(results) == 1
	some r in results
	r.path == "/logging"
}

test_tf_inline_logging if {
	results := p.deny with input as _tf_bucket("data", {"bucket": "acme-data", "logging": {"target_bucket": "acme-access-logs"}})
	count(results) == 0
}

test_tf_logging_resource if {
	logging := _tf_res(
		"aws_s3_bucket_logging", "data",
		{"bucket": "${aws_s3_bucket.data.id}", "target_bucket": "${aws_s3_bucket.logs.id}", "target_prefix": "data/"},
		{"/bucket": ["aws_s3_bucket.data"], "/target_bucket": ["aws_s3_bucket.logs"]}, ["/bucket", "/target_bucket"],
	)
	results := p.deny with input as _tf_bucket("data", {"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([logging])
	count(results) == 0
}

test_tf_logging_resource_of_other_bucket if {
	logging := _tf_res(
		"aws_s3_bucket_logging", "other",
		{"bucket": "${aws_s3_bucket.other.id}", "target_bucket": "acme-central-logs"},
		{"/bucket": ["aws_s3_bucket.other"]}, ["/bucket"],
	)
	results := p.deny with input as _tf_bucket("data", {"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([logging])
	count(results) == 1
}

test_tf_target_of_logging_resource if {
	# aws_s3_bucket.store delivers its logs to this bucket, whose name says nothing
	logging := _tf_res(
		"aws_s3_bucket_logging", "store",
		{"bucket": "${aws_s3_bucket.store.id}", "target_bucket": "${aws_s3_bucket.sink.id}"},
		{"/bucket": ["aws_s3_bucket.store"], "/target_bucket": ["aws_s3_bucket.sink"]}, ["/bucket", "/target_bucket"],
	)
	results := p.deny with input as _tf_bucket("sink", {"bucket": "acme-sink"})
		with data.vigil.stack as lib.stack_of([logging])
	count(results) == 0
}

test_tf_target_by_literal_name if {
	logging := _tf_res(
		"aws_s3_bucket_logging", "store",
		{"bucket": "${aws_s3_bucket.store.id}", "target_bucket": "acme-sink"},
		{"/bucket": ["aws_s3_bucket.store"]}, ["/bucket"],
	)
	results := p.deny with input as _tf_bucket("sink", {"bucket": "acme-sink"})
		with data.vigil.stack as lib.stack_of([logging])
	count(results) == 0
}

test_tf_cloudtrail_destination if {
	trail := _tf_res(
		"aws_cloudtrail", "main",
		{"name": "main", "s3_bucket_name": "${aws_s3_bucket.sink.id}"},
		{"/s3_bucket_name": ["aws_s3_bucket.sink"]}, ["/s3_bucket_name"],
	)
	results := p.deny with input as _tf_bucket("sink", {"bucket": "acme-sink"})
		with data.vigil.stack as lib.stack_of([trail])
	count(results) == 0
}

test_tf_log_bucket_by_name if {
	results := p.deny with input as _tf_bucket("central", {"bucket": "acme-access-logs"})
	count(results) == 0
}

test_tf_log_bucket_by_resource_name if {
	results := p.deny with input as _tf_bucket("access_logs", {"bucket_prefix": "acme-"})
	count(results) == 0
}

test_tf_catalog_is_not_a_log_bucket if {
	results := p.deny with input as _tf_bucket("catalog", {"bucket": "acme-catalog"})
	count(results) == 1
}

test_tf_log_delivery_acl if {
	results := p.deny with input as _tf_bucket("sink", {"bucket": "acme-sink", "acl": "log-delivery-write"})
	count(results) == 0
}

test_tf_log_delivery_acl_resource if {
	acl := _tf_res(
		"aws_s3_bucket_acl", "sink",
		{"bucket": "${aws_s3_bucket.sink.id}", "acl": "log-delivery-write"},
		{"/bucket": ["aws_s3_bucket.sink"]}, ["/bucket"],
	)
	results := p.deny with input as _tf_bucket("sink", {"bucket": "acme-sink"})
		with data.vigil.stack as lib.stack_of([acl])
	count(results) == 0
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_no_logging if {
	results := p.deny with input as _cfn_bucket("DataBucket", {"BucketName": "acme-data"})
	count(results) == 1
	some r in results
	r.path == "/LoggingConfiguration"
}

test_cfn_logging if {
	props := {"BucketName": "acme-data", "LoggingConfiguration": {"DestinationBucketName": "${Ref AccessLogBucket}", "LogFilePrefix": "data/"}}
	results := p.deny with input as _cfn_bucket("DataBucket", props)
	count(results) == 0
}

test_cfn_log_bucket_by_logical_id if {
	results := p.deny with input as _cfn_bucket("AccessLogBucket", {})
	count(results) == 0
}

test_cfn_destination_by_reference if {
	source := {
		"address": "DataBucket",
		"type": "AWS::S3::Bucket",
		"name": "DataBucket",
		"mode": "managed",
		"source": "cloudformation",
		"values": {"LoggingConfiguration": {"DestinationBucketName": "${Ref Sink}"}},
		"references": {"/LoggingConfiguration/DestinationBucketName": ["Sink"]},
		"unknown": ["/LoggingConfiguration/DestinationBucketName"],
	}
	results := p.deny with input as _cfn_bucket("Sink", {"BucketName": "acme-sink"})
		with data.vigil.stack as lib.stack_of([source])
	count(results) == 0
}

test_cfn_log_delivery_acl if {
	results := p.deny with input as _cfn_bucket("Sink", {"AccessControl": "LogDeliveryWrite"})
	count(results) == 0
}

test_tf_unrelated_reference_is_not_a_destination if {
	# A bucket policy refers to the bucket; that does not make it a log bucket.
	policy := _tf_res(
		"aws_s3_bucket_policy", "data",
		{"bucket": "${aws_s3_bucket.data.id}"},
		{"/bucket": ["aws_s3_bucket.data"]}, ["/bucket"],
	)
	results := p.deny with input as _tf_bucket("data", {"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([policy])
	count(results) == 1
}

# --- Pulumi YAML ------------------------------------------------------------------

_pulumi(type, address, values, refs) := {
	"address": address,
	"type": type,
	"name": address,
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": refs,
	"unknown": [],
}

test_pulumi_no_logging if {
	bucket := _pulumi("aws:s3/bucketV2:BucketV2", "uploads", {"bucket": "acme-uploads"}, {})
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket])
	{r.path | some r in results} == {"/loggings"}
}

test_pulumi_logging_resource if {
	bucket := _pulumi("aws:s3/bucketV2:BucketV2", "uploads", {"bucket": "acme-uploads"}, {})
	logs := _pulumi("aws:s3/bucketV2:BucketV2", "accessLogs", {}, {})
	logging := _pulumi(
		"aws:s3/bucketLoggingV2:BucketLoggingV2", "uploadsLogging",
		{"bucket": "${uploads.id}", "targetBucket": "${accessLogs.id}", "targetPrefix": "uploads/"},
		{"/bucket": ["uploads"], "/targetBucket": ["accessLogs"]},
	)
	stack := lib.stack_of([bucket, logs, logging])
	count(p.deny) == 0 with input as {"resource": bucket} with data.vigil.stack as stack
	# The target bucket is a log destination: not reported either.
	count(p.deny) == 0 with input as {"resource": logs} with data.vigil.stack as stack
}

test_pulumi_logging_resource_for_other_bucket if {
	bucket := _pulumi("aws:s3/bucketV2:BucketV2", "uploads", {"bucket": "acme-uploads"}, {})
	other := _pulumi("aws:s3/bucketV2:BucketV2", "reports", {"bucket": "acme-reports"}, {})
	logging := _pulumi(
		"aws:s3/bucketLoggingV2:BucketLoggingV2", "reportsLogging",
		{"bucket": "${reports.id}", "targetBucket": "acme-central-logs"},
		{"/bucket": ["reports"]},
	)
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket, other, logging])
	count(results) == 1
}

test_pulumi_inline_loggings if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "uploads", {"bucket": "acme-uploads", "loggings": [{"targetBucket": "acme-central-logs"}]}, {})
	count(p.deny) == 0 with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket])
}

test_pulumi_trail_bucket if {
	bucket := _pulumi("aws:s3/bucketV2:BucketV2", "trailStore", {"bucket": "acme-org-events"}, {})
	trail := _pulumi("aws:cloudtrail/trail:Trail", "trail", {"s3BucketName": "${trailStore.id}"}, {"/s3BucketName": ["trailStore"]})
	count(p.deny) == 0 with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket, trail])
}
