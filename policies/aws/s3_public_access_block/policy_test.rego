package vigil.aws.s3.public_access_block_test

import data.vigil.aws.s3.public_access_block as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.this", [type]),
	"type": type,
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {"/bucket": ["aws_s3_bucket.data"]},
	"unknown": ["/bucket"],
}}

_cfn(props) := {"resource": {
	"address": "DataBucket",
	"type": "AWS::S3::Bucket",
	"name": "DataBucket",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_all_true := {
	"bucket": "${aws_s3_bucket.data.id}",
	"block_public_acls": true,
	"block_public_policy": true,
	"ignore_public_acls": true,
	"restrict_public_buckets": true,
}

# --- Terraform ------------------------------------------------------------------

test_tf_all_true if {
	results := p.deny with input as _tf("aws_s3_bucket_public_access_block", _all_true)
	count(results) == 0
}

test_tf_two_false if {
	values := object.union(_all_true, {"block_public_policy": false, "restrict_public_buckets": "false"})
	results := p.deny with input as _tf("aws_s3_bucket_public_access_block", values)
	{r.path | some r in results} == {"/block_public_policy", "/restrict_public_buckets"}
	every r in results {
		r.fix == [{"op": "replace", "path": r.path, "value": true}]
		r.fix_safety == "unsafe"
	}
}

test_tf_missing_settings_not_reported if {
	results := p.deny with input as _tf("aws_s3_bucket_public_access_block", {"bucket": "${aws_s3_bucket.data.id}", "block_public_acls": true})
	count(results) == 0
}

test_tf_unknown_setting if {
	values := object.union(_all_true, {"ignore_public_acls": "${var.ignore_acls}"})
	results := p.deny with input as _tf("aws_s3_bucket_public_access_block", values)
	count(results) == 0
}

test_tf_account_level if {
	values := {"block_public_acls": false, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}
	results := p.deny with input as _tf("aws_s3_account_public_access_block", values)
	{r.path | some r in results} == {"/block_public_acls"}
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_false if {
	props := {"PublicAccessBlockConfiguration": {
		"BlockPublicAcls": true,
		"BlockPublicPolicy": false,
		"IgnorePublicAcls": true,
		"RestrictPublicBuckets": true,
	}}
	results := p.deny with input as _cfn(props)
	{r.path | some r in results} == {"/PublicAccessBlockConfiguration/BlockPublicPolicy"}
}

test_cfn_string_false if {
	props := {"PublicAccessBlockConfiguration": {"IgnorePublicAcls": "false"}}
	results := p.deny with input as _cfn(props)
	count(results) == 1
}

test_cfn_all_true if {
	props := {"PublicAccessBlockConfiguration": {
		"BlockPublicAcls": true,
		"BlockPublicPolicy": true,
		"IgnorePublicAcls": true,
		"RestrictPublicBuckets": true,
	}}
	results := p.deny with input as _cfn(props)
	count(results) == 0
}

test_cfn_no_configuration if {
	# the account / bucket defaults block public access
	results := p.deny with input as _cfn({"BucketName": "acme-data"})
	count(results) == 0
}

_pulumi(type, props) := {"resource": {
	"address": "assetsPab",
	"type": type,
	"name": "assetsPab",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_bucket_block if {
	props := {"bucket": "${assets.id}", "blockPublicAcls": true, "ignorePublicAcls": "false", "blockPublicPolicy": false, "restrictPublicBuckets": true}
	results := p.deny with input as _pulumi("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", props)
	{r.path | some r in results} == {"/ignorePublicAcls", "/blockPublicPolicy"}
	every r in results { r.fix_safety == "unsafe" }
}

test_pulumi_account_block_good if {
	props := {"blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true, "restrictPublicBuckets": true}
	count(p.deny) == 0 with input as _pulumi("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", props)
	count(p.deny) == 0 with input as _pulumi("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {"bucket": "x"})
}
