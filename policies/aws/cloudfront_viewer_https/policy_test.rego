package vigil.aws.cloudfront.viewer_https_test

import data.vigil.aws.cloudfront.viewer_https as p
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

test_tf_default_allow_all if {
	results := _deny("terraform", "aws_cloudfront_distribution", {"default_cache_behavior": {"target_origin_id": "s3", "viewer_protocol_policy": "allow-all"}})
	_paths(results) == {"/default_cache_behavior/viewer_protocol_policy"}
	some r in results
	r.fix == [{"op": "replace", "path": "/default_cache_behavior/viewer_protocol_policy", "value": "redirect-to-https"}]
	r.fix_safety == "unsafe"
}

test_tf_ordered if {
	results := _deny("terraform", "aws_cloudfront_distribution", {
		"default_cache_behavior": {"viewer_protocol_policy": "https-only"},
		"ordered_cache_behavior": [
			{"path_pattern": "/api/*", "viewer_protocol_policy": "redirect-to-https"},
			{"path_pattern": "/static/*", "viewer_protocol_policy": "allow-all"},
		],
	})
	_paths(results) == {"/ordered_cache_behavior/1/viewer_protocol_policy"}
	_paths(_deny("terraform", "aws_cloudfront_distribution", {"ordered_cache_behavior": {"viewer_protocol_policy": "allow-all"}})) == {"/ordered_cache_behavior/viewer_protocol_policy"}
}

test_tf_good if {
	count(_deny("terraform", "aws_cloudfront_distribution", {"default_cache_behavior": {"viewer_protocol_policy": "redirect-to-https"}})) == 0
	count(_deny("terraform", "aws_cloudfront_distribution", {"default_cache_behavior": {"viewer_protocol_policy": "${var.policy}"}})) == 0
}

test_cfn if {
	results := _deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {
		"DefaultCacheBehavior": {"ViewerProtocolPolicy": "allow-all"},
		"CacheBehaviors": [{"PathPattern": "/a", "ViewerProtocolPolicy": "https-only"}, {"PathPattern": "/b", "ViewerProtocolPolicy": "allow-all"}],
	}})
	_paths(results) == {"/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy", "/DistributionConfig/CacheBehaviors/1/ViewerProtocolPolicy"}
	count(_deny("cloudformation", "AWS::CloudFront::Distribution", {"DistributionConfig": {"DefaultCacheBehavior": {"ViewerProtocolPolicy": "redirect-to-https"}}})) == 0
}

test_pulumi if {
	results := _deny("pulumi", "aws:cloudfront/distribution:Distribution", {
		"defaultCacheBehavior": {"viewerProtocolPolicy": "allow-all"},
		"orderedCacheBehaviors": [{"pathPattern": "/b", "viewerProtocolPolicy": "allow-all"}],
	})
	_paths(results) == {"/defaultCacheBehavior/viewerProtocolPolicy", "/orderedCacheBehaviors/0/viewerProtocolPolicy"}
	count(_deny("pulumi", "aws:cloudfront/distribution:Distribution", {"defaultCacheBehavior": {"viewerProtocolPolicy": "https-only"}})) == 0
}
