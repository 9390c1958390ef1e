package vigil.aws.cloudtrail.kms_encryption_test

import data.vigil.aws.cloudtrail.kms_encryption as p
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
	r.path == "/kms_key_id"
	not r.fix
}

test_tf_empty if {
	results := p.deny with input as _tf({"name": "main", "kms_key_id": ""})
	count(results) == 1
}

test_tf_key if {
	results := p.deny with input as _tf({"name": "main", "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})
	count(results) == 0
}

test_tf_key_reference if {
	results := p.deny with input as _tf({"name": "main", "kms_key_id": "${aws_kms_key.trail.arn}"})
	count(results) == 0
}

test_cfn_missing if {
	results := p.deny with input as _cfn({"IsLogging": true, "S3BucketName": "acme-trail"})
	{r.path | some r in results} == {"/KMSKeyId"}
}

test_cfn_key if {
	results := p.deny with input as _cfn({"IsLogging": true, "KMSKeyId": "alias/cloudtrail"})
	count(results) == 0
}

test_cfn_key_unknown if {
	results := p.deny with input as _cfn({"IsLogging": true, "KMSKeyId": "${GetAtt TrailKey.Arn}"})
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
	r.path == "/kmsKeyId"
}

test_pulumi_key if {
	count(p.deny) == 0 with input as _pulumi({"kmsKeyId": "${trailKey.arn}"})
}
