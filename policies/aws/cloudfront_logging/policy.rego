# METADATA
# title: CloudFront distributions write access logs
# description: CloudFront access logs record every viewer request (client address, URI, status, TLS version, edge location), which is what you need to investigate abuse or an attack at the edge. A distribution writes none unless standard logging is configured (logging_config, Logging, loggingConfig) or a CloudWatch Logs delivery source (standard logging v2) takes its access logs; neither is there by default, so a distribution with neither is reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#logging_config
# custom:
#   id: VGL-AWS-CLOUDFRONT-004
#   severity: low
#   enforcement: advisory
#   resources: [aws_cloudfront_distribution, "AWS::CloudFront::Distribution", "aws:cloudfront/distribution:Distribution"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_86, AWS-0010]
package vigil.aws.cloudfront.logging

import data.vigil.lib.input_referrers
import rego.v1

_values := input.resource.values

_names := {
	"aws_cloudfront_distribution": {"path": ["logging_config"], "syntax": "a logging_config { bucket = \"<bucket>.s3.amazonaws.com\" } block"},
	"AWS::CloudFront::Distribution": {"path": ["DistributionConfig", "Logging"], "syntax": "DistributionConfig.Logging with a Bucket"},
	"aws:cloudfront/distribution:Distribution": {"path": ["loggingConfig"], "syntax": "loggingConfig: {bucket: <bucket>.s3.amazonaws.com}"},
}

# A CloudWatch Logs delivery source (standard logging v2) for this distribution.
_delivery_sources := {
	"aws_cloudwatch_log_delivery_source": "/resource_arn",
	"AWS::Logs::DeliverySource": "/ResourceArn",
	"aws:cloudwatch/logDeliverySource:LogDeliverySource": "/resourceArn",
}

_logged_by_delivery if {
	some ref in input_referrers
	_delivery_sources[ref.type] == ref.pointer
}

deny contains result if {
	names := _names[input.resource.type]
	object.get(_values, names.path, null) == null
	not _logged_by_delivery
	result := {
		"msg": sprintf("CloudFront distribution writes no access logs, so viewer requests cannot be traced after an incident. Add %s, or a CloudWatch Logs delivery source for its ACCESS_LOGS.", [names.syntax]),
		"path": concat("", [sprintf("/%s", [s]) | some s in names.path]),
	}
}
