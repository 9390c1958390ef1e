# METADATA
# title: CloudFront cache behaviors do not serve viewers over plain HTTP
# description: A cache behavior whose viewer protocol policy is allow-all answers requests over plain HTTP, so pages, cookies and tokens cross the network unencrypted and can be read or altered on the way. Use redirect-to-https (HTTP requests are redirected) or https-only. The policy is required in every format, so only allow-all is reported, in the default and in each ordered cache behavior.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer_protocol_policy
# custom:
#   id: VGL-AWS-CLOUDFRONT-002
#   severity: high
#   enforcement: mandatory
#   resources: [aws_cloudfront_distribution, "AWS::CloudFront::Distribution", "aws:cloudfront/distribution:Distribution"]
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AWS_34, AWS-0012]
package vigil.aws.cloudfront.viewer_https

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"aws_cloudfront_distribution": {"config": null, "default": "default_cache_behavior", "ordered": "ordered_cache_behavior", "policy": "viewer_protocol_policy", "syntax": "viewer_protocol_policy = \"redirect-to-https\""},
	"AWS::CloudFront::Distribution": {"config": "DistributionConfig", "default": "DefaultCacheBehavior", "ordered": "CacheBehaviors", "policy": "ViewerProtocolPolicy", "syntax": "ViewerProtocolPolicy: redirect-to-https"},
	"aws:cloudfront/distribution:Distribution": {"config": null, "default": "defaultCacheBehavior", "ordered": "orderedCacheBehaviors", "policy": "viewerProtocolPolicy", "syntax": "viewerProtocolPolicy: redirect-to-https"},
}

_config(names) := [_values, ""] if names.config == null

_config(names) := [_values[names.config], sprintf("/%s", [names.config])] if names.config != null

_behaviors contains entry if {
	names := _names[input.resource.type]
	[config, prefix] := _config(names)
	some key in [names.default, names.ordered]
	some entry in lib.block_entries(config, key, prefix)
}

deny contains result if {
	names := _names[input.resource.type]
	some entry in _behaviors
	policy := entry.value[names.policy]
	is_string(policy)
	lower(policy) == "allow-all"
	path := sprintf("%s/%s", [entry.path, names.policy])
	result := {
		"msg": sprintf("CloudFront cache behavior allows viewers over plain HTTP (allow-all): content, cookies and tokens cross the network unencrypted. Set %s, or https-only.", [names.syntax]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "redirect-to-https"}],
		"fix_safety": "unsafe",
	}
}
