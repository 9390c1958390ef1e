# METADATA
# title: CloudFront distributions with their own certificate require TLS 1.2
# description: The minimum protocol version of a CloudFront viewer certificate decides the oldest TLS version and ciphers that viewers may negotiate; SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016 and TLSv1.2_2018 still accept protocols or ciphers that PCI DSS and NIST no longer accept. With a custom certificate (ACM or IAM) the Terraform provider's default is TLSv1, so an omitted minimum_protocol_version is reported. Distributions on the default *.cloudfront.net certificate are not reported, since CloudFront does not let them choose (they always accept TLSv1); serve them on your own domain and certificate to raise the floor.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-values-specify.html#DownloadDistValues-security-policy
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#minimum_protocol_version
# custom:
#   id: VGL-AWS-CLOUDFRONT-001
#   severity: high
#   enforcement: advisory
#   resources: [aws_cloudfront_distribution, "AWS::CloudFront::Distribution", "aws:cloudfront/distribution:Distribution"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AWS_174, AWS-0013]
package vigil.aws.cloudfront.min_tls

import rego.v1

_values := input.resource.values

_recommended := "TLSv1.2_2021"

_outdated := {"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018"}

# Where the viewer certificate is, and its attribute names, per format.
_names := {
	"aws_cloudfront_distribution": {
		"prefix": "/viewer_certificate", "acm": "acm_certificate_arn", "iam": "iam_certificate_id",
		"version": "minimum_protocol_version", "syntax": "minimum_protocol_version = \"%s\"",
	},
	"AWS::CloudFront::Distribution": {
		"prefix": "/DistributionConfig/ViewerCertificate", "acm": "AcmCertificateArn", "iam": "IamCertificateId",
		"version": "MinimumProtocolVersion", "syntax": "MinimumProtocolVersion: %s",
	},
	"aws:cloudfront/distribution:Distribution": {
		"prefix": "/viewerCertificate", "acm": "acmCertificateArn", "iam": "iamCertificateId",
		"version": "minimumProtocolVersion", "syntax": "minimumProtocolVersion: %s",
	},
}

_certificate(names) := cert if {
	cert := object.get(_values, split(trim_prefix(names.prefix, "/"), "/"), null)
	is_object(cert)
}

# A certificate of your own (ACM or IAM): only then can the minimum version be chosen.
_custom(cert, names) if {
	some key in [names.acm, names.iam]
	v := cert[key]
	v != null
	v != ""
}

deny contains result if {
	names := _names[input.resource.type]
	cert := _certificate(names)
	_custom(cert, names)
	version := cert[names.version]
	version in _outdated
	path := sprintf("%s/%s", [names.prefix, names.version])
	result := {
		"msg": sprintf("CloudFront distribution accepts viewers down to %s, which allows outdated TLS versions or ciphers. Set %s (viewers that cannot do TLS 1.2 can no longer connect).", [version, sprintf(names.syntax, [_recommended])]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _recommended}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	names := _names[input.resource.type]
	cert := _certificate(names)
	_custom(cert, names)
	object.get(cert, names.version, null) == null
	path := sprintf("%s/%s", [names.prefix, names.version])
	result := {
		"msg": sprintf("CloudFront distribution does not set %s for its certificate, so it accepts TLSv1 (the default). Set %s (viewers that cannot do TLS 1.2 can no longer connect).", [names.version, sprintf(names.syntax, [_recommended])]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": _recommended}],
		"fix_safety": "unsafe",
	}
}
