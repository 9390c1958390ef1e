package vigil.aws.s3.encryption_test

import data.vigil.aws.s3.encryption as p
import data.vigil.lib
import rego.v1

_tf_bucket(values) := {"resource": {
	"address": "aws_s3_bucket.data",
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

_sse_resource(bucket, refs, unknown) := {
	"address": "aws_s3_bucket_server_side_encryption_configuration.data",
	"type": "aws_s3_bucket_server_side_encryption_configuration",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": {"bucket": bucket, "rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}}},
	"references": refs,
	"unknown": unknown,
}

_inline_sse := {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}}

# --- Terraform ------------------------------------------------------------------

test_tf_no_encryption if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
	count(results) == 1
	some r in results
	r.path == "/server_side_encryption_configuration"
	not r.fix
}

test_tf_inline_encryption if {
	results := p.deny with input as _tf_bucket({"bucket": "acme-data", "server_side_encryption_configuration": _inline_sse})
	count(results) == 0
}

test_tf_separate_resource if {
	r := _sse_resource("${aws_s3_bucket.data.id}", {"/bucket": ["aws_s3_bucket.data"]}, ["/bucket"])
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([r])
	count(results) == 0
}

test_tf_separate_resource_of_other_bucket if {
	r := _sse_resource("${aws_s3_bucket.other.id}", {"/bucket": ["aws_s3_bucket.other"]}, ["/bucket"])
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([r])
	count(results) == 1
}

test_tf_separate_resource_in_module_for_other_bucket if {
	r := _sse_resource("${module.store.aws_s3_bucket.other.id}", {"/bucket": ["module.store.aws_s3_bucket.other"]}, ["/bucket"])
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([r])
	count(results) == 1
}

test_tf_separate_resource_undetermined if {
	r := _sse_resource("${var.bucket_id}", {}, ["/bucket"])
	results := p.deny with input as _tf_bucket({"bucket": "acme-data"})
		with data.vigil.stack as lib.stack_of([r])
	count(results) == 0
}

test_tf_separate_resource_literal_name_unknown_bucket_name if {
	# this bucket's name is unknown, so a literal name elsewhere might be this bucket
	r := _sse_resource("acme-data", {}, [])
	results := p.deny with input as _tf_bucket({"bucket": "${var.name}"})
		with data.vigil.stack as lib.stack_of([r])
	count(results) == 0
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_no_encryption if {
	results := p.deny with input as _cfn_bucket({"BucketName": "acme-data"})
	count(results) == 1
	some r in results
	r.path == "/BucketEncryption"
	r.fix[0].op == "add"
}

test_cfn_kms_encryption if {
	props := {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "${Ref DataKey}"}}]}}
	results := p.deny with input as _cfn_bucket(props)
	count(results) == 0
}

test_cfn_unknown_encryption if {
	results := p.deny with input as _cfn_bucket({"BucketEncryption": "${If UseKms}"})
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

test_pulumi_no_encryption if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "exports", {"bucket": "acme-exports"}, {})
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket])
	count(results) == 1
}

test_pulumi_inline_encryption if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "exports", {"bucket": "acme-exports", "serverSideEncryptionConfiguration": {"rule": {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}}}, {})
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket])
	count(results) == 0
}

test_pulumi_separate_encryption_resource if {
	bucket := _pulumi("aws:s3/bucket:Bucket", "exports", {"bucket": "acme-exports"}, {})
	sse := _pulumi(
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "exportsSse",
		{"bucket": "${exports.id}", "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms"}}]},
		{"/bucket": ["exports"]},
	)
	results := p.deny with input as {"resource": bucket} with data.vigil.stack as lib.stack_of([bucket, sse])
	count(results) == 0
}
