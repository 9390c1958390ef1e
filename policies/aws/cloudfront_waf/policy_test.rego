package vigil.aws.cloudfront.waf_test

import data.vigil.aws.cloudfront.waf as p
import rego.v1

_in(source, type, values) := {"resource": {
	"address": "cdn.main",
	"type": type,
	"name": "main",
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
	_paths(results) == {"/web_acl_id"}
	some r in results
	not r.fix
	_paths(_deny("terraform", "aws_cloudfront_distribution", {"enabled": true, "web_acl_id": ""})) == {"/web_acl_id"}
	_paths(_deny("terraform", "aws_cloudfront_distribution", {"enabled": true, "web_acl_id": null})) == {"/web_acl_id"}
	count(_deny("terraform", "aws_cloudfront_distribution", {"enabled": true, "web_acl_id": "${aws_wafv2_web_acl.edge.arn}"})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"Enabled": true}})) == {"/DistributionConfig/WebACLId"}
	count(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"Enabled": true, "WebACLId": "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/1"}})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"enabled": true})) == {"/webAclId"}
	count(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"enabled": true, "webAclId": "arn"})) == 0
}
