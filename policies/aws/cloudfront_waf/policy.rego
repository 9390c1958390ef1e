# METADATA
# title: CloudFront distributions are protected by a web ACL
# description: A web ACL (AWS WAF) in front of a CloudFront distribution filters injection attempts, known bad inputs, bots and floods of requests at the edge, before they reach the origin. A distribution has none unless its web ACL is named (web_acl_id, WebACLId, webAclId; CloudFront web ACLs cannot be attached by a separate association resource), so an omitted or empty one is reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html
#   - https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#web_acl_id
# custom:
#   id: VGL-AWS-CLOUDFRONT-003
#   severity: medium
#   enforcement: advisory
#   resources: [aws_cloudfront_distribution, "AWS::CloudFront::Distribution", "aws:cloudfront/distribution:Distribution"]
#   controls:
#     NIST-800-53-r5: ["SC-7", "SI-4"]
#     PCI-DSS-4.0: ["6.4.2"]
#   aliases: [CKV_AWS_68, AWS-0011]
package vigil.aws.cloudfront.waf

import rego.v1

_values := input.resource.values

_names := {
	"aws_cloudfront_distribution": {"path": ["web_acl_id"], "syntax": "web_acl_id = aws_wafv2_web_acl.<name>.arn"},
	"AWS::CloudFront::Distribution": {"path": ["DistributionConfig", "WebACLId"], "syntax": "WebACLId: !GetAtt <WebACL>.Arn"},
	"aws:cloudfront/distribution:Distribution": {"path": ["webAclId"], "syntax": "webAclId: ${<webAcl>.arn}"},
}

deny contains result if {
	names := _names[input.resource.type]
	value := object.get(_values, names.path, null)
	value in {null, ""}
	result := {
		"msg": sprintf("CloudFront distribution has no web ACL, so nothing filters injection attempts, bad bots or request floods before they reach the origin. Attach an AWS WAF web ACL (scope CLOUDFRONT): %s.", [names.syntax]),
		"path": concat("", [sprintf("/%s", [s]) | some s in names.path]),
	}
}
