package vigil.aws.cloudtrail.log_validation_test

import data.vigil.aws.cloudtrail.log_validation as p
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
	r.path == "/enable_log_file_validation"
	r.fix == [{"op": "add", "path": "/enable_log_file_validation", "value": true}]
}

test_tf_false if {
	results := p.deny with input as _tf({"name": "main", "enable_log_file_validation": "false"})
	count(results) == 1
	some r in results
	r.fix == [{"op": "replace", "path": "/enable_log_file_validation", "value": true}]
}

test_tf_true if {
	results := p.deny with input as _tf({"name": "main", "enable_log_file_validation": true})
	count(results) == 0
}

test_tf_unknown if {
	results := p.deny with input as _tf({"name": "main", "enable_log_file_validation": "${var.validate}"})
	count(results) == 0
}

test_cfn_false if {
	results := p.deny with input as _cfn({"IsLogging": true, "EnableLogFileValidation": false})
	{r.path | some r in results} == {"/EnableLogFileValidation"}
}

test_cfn_missing if {
	results := p.deny with input as _cfn({"IsLogging": true})
	count(results) == 1
	some r in results
	r.fix[0].op == "add"
}

test_cfn_true if {
	results := p.deny with input as _cfn({"IsLogging": true, "EnableLogFileValidation": "true"})
	count(results) == 0
}

# --- Pulumi ---------------------------------------------------------------------

_pulumi(values) := {"resource": {
	"address": "mainTrail",
	"type": "aws:cloudtrail/trail:Trail",
	"name": "mainTrail",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

test_pulumi_missing if {
	results := p.deny with input as _pulumi({"s3BucketName": "acme-cloudtrail"})
	count(results) == 1
	some r in results
	r.path == "/enableLogFileValidation"
	r.fix == [{"op": "add", "path": "/enableLogFileValidation", "value": true}]
}

test_pulumi_false if {
	results := p.deny with input as _pulumi({"enableLogFileValidation": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/enableLogFileValidation", "value": true}]
}

test_pulumi_true if {
	count(p.deny) == 0 with input as _pulumi({"enableLogFileValidation": true})
}
