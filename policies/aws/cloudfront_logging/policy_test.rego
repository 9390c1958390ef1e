package vigil.aws.cloudfront.logging_test

import data.vigil.aws.cloudfront.logging as p
import data.vigil.lib
import rego.v1

_in(source, type, values) := {"resource": {
	"address": "aws_cloudfront_distribution.site",
	"type": type,
	"name": "site",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

_deny(source, type, values) := results if {
	results := p.deny with input as _in(source, type, values)
}

_paths(results) := {r.path | some r in results}

test_tf if {
	results := _deny("terraform", "aws_cloudfront_distribution", {"enabled": true})
	_paths(results) == {"/logging_config"}
	some r in results
	not r.fix
	count(_deny("terraform", "aws_cloudfront_distribution", {"enabled": true, "logging_config": {"bucket": "logs.s3.amazonaws.com"}})) == 0
}

test_tf_delivery_source if {
	source := {
		"address": "aws_cloudwatch_log_delivery_source.cdn",
		"type": "aws_cloudwatch_log_delivery_source",
		"name": "cdn",
		"mode": "managed",
		"source": "terraform",
		"values": {"log_type": "ACCESS_LOGS", "resource_arn": "${aws_cloudfront_distribution.site.arn}"},
		"references": {"/resource_arn": ["aws_cloudfront_distribution.site"]},
		"unknown": ["/resource_arn"],
	}
	results := p.deny with input as _in("terraform", "aws_cloudfront_distribution", {"enabled": true}) with data.vigil.stack as lib.stack_of([source])
	count(results) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"Enabled": true}})) == {"/DistributionConfig/Logging"}
	count(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"Enabled": true, "Logging": {"Bucket": "logs.s3.amazonaws.com"}}})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"enabled": true})) == {"/loggingConfig"}
	count(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"enabled": true, "loggingConfig": {"bucket": "logs.s3.amazonaws.com"}})) == 0
}
