package vigil.aws.cloudtrail.multi_region_test

import data.vigil.aws.cloudtrail.multi_region as p
import rego.v1

_tf(values) := {"resource": {
	"address": "aws_cloudtrail.main",
	"type": "aws_cloudtrail",
	"name": "main",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(props) := {"resource": {
	"address": "Trail",
	"type": "AWS::CloudTrail::Trail",
	"name": "Trail",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _tf({"name": "main", "s3_bucket_name": "acme-trail"})
	count(results) == 1
	some r in results
	r.path == "/is_multi_region_trail"
	r.fix == [{"op": "add", "path": "/is_multi_region_trail", "value": true}]
}

test_tf_false if {
	results := p.deny with input as _tf({"name": "main", "is_multi_region_trail": false})
	count(results) == 1
	some r in results
	r.fix == [{"op": "replace", "path": "/is_multi_region_trail", "value": true}]
}

test_tf_true if {
	results := p.deny with input as _tf({"name": "main", "is_multi_region_trail": true})
	count(results) == 0
}

test_tf_unknown if {
	results := p.deny with input as _tf({"name": "main", "is_multi_region_trail": "${var.multi_region}"})
	count(results) == 0
}

test_tf_other_trail_is_multi_region if {
	org := {"address": "aws_cloudtrail.org", "type": "aws_cloudtrail", "values": {"name": "org", "is_multi_region_trail": true}}
	results := p.deny with input as _tf({"name": "data-events"})
		with data.vigil.stack as {"by_type": {"aws_cloudtrail": [org]}}
	count(results) == 0
}

test_tf_other_trail_single_region_too if {
	other := {"address": "aws_cloudtrail.other", "type": "aws_cloudtrail", "values": {"name": "other"}}
	results := p.deny with input as _tf({"name": "main"})
		with data.vigil.stack as {"by_type": {"aws_cloudtrail": [other]}}
	count(results) == 1
}

test_cfn_false_string if {
	results := p.deny with input as _cfn({"IsLogging": true, "IsMultiRegionTrail": "false"})
	{r.path | some r in results} == {"/IsMultiRegionTrail"}
}

test_cfn_missing if {
	results := p.deny with input as _cfn({"IsLogging": true, "S3BucketName": "acme-trail"})
	count(results) == 1
	some r in results
	r.fix[0].op == "add"
}

test_cfn_true if {
	results := p.deny with input as _cfn({"IsLogging": true, "IsMultiRegionTrail": true})
	count(results) == 0
}

test_tf_fix_turns_global_events_on if {
	results := p.deny with input as _tf({"name": "main", "include_global_service_events": false})
	some r in results
	r.fix == [
		{"op": "add", "path": "/is_multi_region_trail", "value": true},
		{"op": "replace", "path": "/include_global_service_events", "value": true},
	]
}
