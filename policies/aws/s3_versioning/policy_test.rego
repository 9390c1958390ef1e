package vigil.aws.s3.versioning_test

import data.vigil.aws.s3.versioning as p
import data.vigil.lib
import rego.v1

_tf_bucket(values) := _tf_bucket_at("aws_s3_bucket.data", values)

_tf_bucket_at(address, values) := {"resource": {
	"address": address,
	"type": "aws_s3_bucket",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn_bucket(props) := {"resource": {
	"address": "DataBucket",
	"type": "AWS::S3::Bucket",
	"name": "DataBucket",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_versioning_resource(bucket, refs, unknown, status) := {
	"address": "aws_s3_bucket_versioning.data",
	"type": "aws_s3_bucket_versioning",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": {"bucket": bucket, "versioning_configuration": {"status": status}},
	"references": refs,
	"unknown": unknown,
}

# --- Terraform, inline block ---------------------------------------------------

test_tf_inline_disabled if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data", "versioning": {"enabled": false}})
	count(results) == 1
	some r in results
	r.path == "/versioning/enabled"
	r.fix == [{"op": "replace", "path": "/versioning/enabled", "value": true}]
}

test_tf_inline_disabled_as_string if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data", "versioning": {"enabled": "false"}})
	count(results) == 1
}

test_tf_inline_enabled if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data", "versioning": {"enabled": true}})
	count(results) == 0
}

test_tf_inline_block_without_enabled if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data", "versioning": {"mfa_delete": false}})
	count(results) == 1
	some r in results
	r.fix == [{"op": "add", "path": "/versioning/enabled", "value": true}]
}

test_tf_missing_versioning if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
	count(results) == 1
	some r in results
	r.path == "/versioning"
	not r.fix
}

# --- Terraform, separate aws_s3_bucket_versioning -------------------------------

test_tf_separate_resource_by_reference if {
	v := _versioning_resource("${aws_s3_bucket.data.id}", {"/bucket": ["aws_s3_bucket.data"]}, ["/bucket"], "Enabled")
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([v])
	count(results) == 0
}

test_tf_separate_resource_by_name if {
	v := _versioning_resource("acme-data", {}, [], "Enabled")
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([v])
	count(results) == 0
}

test_tf_separate_resource_for_other_bucket if {
	v := _versioning_resource("${aws_s3_bucket.other.id}", {"/bucket": ["aws_s3_bucket.other"]}, ["/bucket"], "Enabled")
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([v])
	count(results) == 1
}

test_tf_separate_resource_other_literal_name if {
	v := _versioning_resource("acme-other", {}, [], "Enabled")
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([v])
	count(results) == 1
}

test_tf_separate_resource_undetermined_bucket if {
	# bucket = var.bucket_name: cannot tell which bucket it versions, so no finding
	v := _versioning_resource("${var.bucket_name}", {}, ["/bucket"], "Enabled")
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([v])
	count(results) == 0
}

test_tf_separate_resource_counted_bucket if {
	v := _versioning_resource("${aws_s3_bucket.data[count.index].id}", {"/bucket": ["aws_s3_bucket.data"]}, ["/bucket"], "Enabled")
	results := p.deny with input as _tf_bucket_at("aws_s3_bucket.data[0]", {"bucket_prefix": "acme-"})
		with data.vigil.stack as lib.stack_of([v])
	count(results) == 0
}

test_tf_versioning_resource_suspended if {
	v := _versioning_resource("${aws_s3_bucket.data.id}", {"/bucket": ["aws_s3_bucket.data"]}, ["/bucket"], "Suspended")
	results := p.deny with input as {"resource": v}
	count(results) == 1
	some r in results
	r.path == "/versioning_configuration/status"
	r.fix == [{"op": "replace", "path": "/versioning_configuration/status", "value": "Enabled"}]
}

test_tf_versioning_resource_enabled if {
	v := _versioning_resource("${aws_s3_bucket.data.id}", {"/bucket": ["aws_s3_bucket.data"]}, ["/bucket"], "Enabled")
	results := p.deny with input as {"resource": v}
	count(results) == 0
}

test_tf_versioning_resource_unknown_status if {
	v := _versioning_resource("acme-data", {}, ["/versioning_configuration/status"], "${var.status}")
	results := p.deny with input as {"resource": v}
	count(results) == 0
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_missing if {
	results := p.deny with input as _cfn_bucket({"BucketName": "acme-data"})
	count(results) == 1
	some r in results
	r.path == "/VersioningConfiguration"
	r.fix == [{"op": "add", "path": "/VersioningConfiguration", "value": {"Status": "Enabled"}}]
}

test_cfn_suspended if {
	results := p.deny with input as _cfn_bucket({"VersioningConfiguration": {"Status": "Suspended"}})
	count(results) == 1
	some r in results
	r.path == "/VersioningConfiguration/Status"
}

test_cfn_enabled if {
	results := p.deny with input as _cfn_bucket({"VersioningConfiguration": {"Status": "Enabled"}})
	count(results) == 0
}

test_cfn_unknown_status if {
	results := p.deny with input as _cfn_bucket({"VersioningConfiguration": {"Status": "${Ref VersioningStatus}"}})
	count(results) == 0
}

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

test_pulumi_no_versioning if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "uploads", {"bucket": "acme-uploads"}, {})
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket])
	count(results) == 1
}

test_pulumi_versioning_disabled if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "uploads", {"bucket": "acme-uploads", "versioning": {"enabled": false}}, {})
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket])
	some r in results
	r.path == "/versioning/enabled"
}

test_pulumi_separate_versioning_resource if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "uploads", {"bucket": "acme-uploads"}, {})
	versioning := _pulumi(
		"aws:s3/bucketVersioningV2:BucketVersioningV2", "uploadsVersioning",
		{"bucket": "${uploads.id}", "versioningConfiguration": {"status": "Enabled"}},
		{"/bucket": ["uploads"]},
	)
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket, versioning])
	count(results) == 0
}

test_pulumi_versioning_resource_suspended if {
	versioning := _pulumi(
		"aws:s3/bucketVersioningV2:BucketVersioningV2", "uploadsVersioning",
		{"bucket": "${uploads.id}", "versioningConfiguration": {"status": "Suspended"}},
		{"/bucket": ["uploads"]},
	)
	results := p.deny with input as {"resource": versioning}
	some r in results
	r.path == "/versioningConfiguration/status"
}
