package vigil.aws.cloudtrail.multi_region_test

import data.vigil.aws.cloudtrail.multi_region as p
import data.vigil.lib
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

# --- Pulumi ---------------------------------------------------------------------

_pulumi(address, values) := {
	"address": address,
	"type": "aws:cloudtrail/trail:Trail",
	"name": address,
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}

test_pulumi_missing if {
	trail := _pulumi("auditTrail", {"s3BucketName": "acme-cloudtrail"})
	results := p.deny with input as {"resource": trail} with data.vigil.stack as lib.stack_of([trail])
	count(results) == 1
	some r in results
	r.path == "/isMultiRegionTrail"
	r.fix == [{"op": "add", "path": "/isMultiRegionTrail", "value": true}]
}

test_pulumi_false_with_global_events_off if {
	trail := _pulumi("auditTrail", {"isMultiRegionTrail": false, "includeGlobalServiceEvents": false})
	results := p.deny with input as {"resource": trail} with data.vigil.stack as lib.stack_of([trail])
	some r in results
	r.fix == [
		{"op": "replace", "path": "/isMultiRegionTrail", "value": true},
		{"op": "replace", "path": "/includeGlobalServiceEvents", "value": true},
	]
}

test_pulumi_other_trail_is_multi_region if {
	trail := _pulumi("dataTrail", {"s3BucketName": "acme-cloudtrail"})
	main := _pulumi("mainTrail", {"isMultiRegionTrail": true})
	count(p.deny) == 0 with input as {"resource": trail} with data.vigil.stack as lib.stack_of([trail, main])
}
