package vigil.aws.cloudfront.min_tls_test

import data.vigil.aws.cloudfront.min_tls as p
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

_acm := "arn:aws:acm:us-east-1:111122223333:certificate/4f1c2b7e"

test_tf_outdated if {
	results := _deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"acm_certificate_arn": _acm, "ssl_support_method": "sni-only", "minimum_protocol_version": "TLSv1"}})
	_paths(results) == {"/viewer_certificate/minimum_protocol_version"}
	some r in results
	r.fix == [{"op": "replace", "path": "/viewer_certificate/minimum_protocol_version", "value": "TLSv1.2_2021"}]
	r.fix_safety == "unsafe"
}

test_tf_2018 if {
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"iam_certificate_id": "ASCA", "minimum_protocol_version": "TLSv1.2_2018"}})) == 1
}

test_tf_missing if {
	results := _deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"acm_certificate_arn": _acm, "ssl_support_method": "sni-only"}})
	some r in results
	r.fix == [{"op": "add", "path": "/viewer_certificate/minimum_protocol_version", "value": "TLSv1.2_2021"}]
}

test_tf_good if {
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"acm_certificate_arn": _acm, "minimum_protocol_version": "TLSv1.2_2021"}})) == 0
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"acm_certificate_arn": _acm, "minimum_protocol_version": "TLSv1.2_2019"}})) == 0
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"acm_certificate_arn": _acm, "minimum_protocol_version": "TLSv1.3_2025"}})) == 0
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"cloudfront_default_certificate": true}})) == 0
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"cloudfront_default_certificate": true, "minimum_protocol_version": "TLSv1"}})) == 0
	count(_deny("terraform", "aws_cloudfront_distribution", {"viewer_certificate": {"acm_certificate_arn": null, "cloudfront_default_certificate": true}})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"ViewerCertificate": {"AcmCertificateArn": _acm, "SslSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.1_2016"}}})) == {"/DistributionConfig/ViewerCertificate/MinimumProtocolVersion"}
	_paths(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"ViewerCertificate": {"AcmCertificateArn": _acm, "SslSupportMethod": "sni-only"}}})) == {"/DistributionConfig/ViewerCertificate/MinimumProtocolVersion"}
	count(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"ViewerCertificate": {"CloudFrontDefaultCertificate": true}}})) == 0
	count(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"Enabled": true}})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"viewerCertificate": {"acmCertificateArn": _acm, "minimumProtocolVersion": "TLSv1_2016"}})) == {"/viewerCertificate/minimumProtocolVersion"}
	count(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"viewerCertificate": {"cloudfrontDefaultCertificate": true}})) == 0
}
