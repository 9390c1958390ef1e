# METADATA
# title: EC2 instances require IMDSv2 session tokens
# description: With IMDSv1 allowed, any request the instance can be tricked into sending (a server-side request forgery, an open proxy, a misconfigured WAF) can read the instance role's temporary credentials from the metadata service. IMDSv2 requires a session token obtained with a PUT request, which such requests cannot do. The Terraform provider and the EC2 API default http_tokens to "optional" (IMDSv1 allowed) unless an AMI or account setting says otherwise, so instances, launch templates and launch configurations that leave it out are reported; those that turn the metadata endpoint off are not, nor Terraform instances launched from a launch template (the template is checked). CloudFormation AWS::EC2::Instance is not checked, since it takes its metadata options from a launch template. Software that still uses IMDSv1 (old SDKs and agents) must be updated before requiring tokens.
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-transition-to-version-2.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#http_tokens
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template#http_tokens
# custom:
#   id: VGL-AWS-EC2-006
#   severity: high
#   enforcement: advisory
#   resources:
#     - aws_instance
#     - aws_launch_template
#     - aws_launch_configuration
#     - "AWS::EC2::LaunchTemplate"
#     - "AWS::AutoScaling::LaunchConfiguration"
#     - "aws:ec2/instance:Instance"
#     - "aws:ec2/launchTemplate:LaunchTemplate"
#     - "aws:ec2/launchConfiguration:LaunchConfiguration"
#   controls:
#     CIS-AWS-Foundations-3.0: ["5.6"]
#     NIST-800-53-r5: ["AC-3", "CM-6"]
#   aliases: [CKV_AWS_79, AWS-0028, AWS-0130]
package vigil.aws.ec2.imdsv2

import data.vigil.lib
import data.vigil.lib.settings
import rego.v1

_values := input.resource.values

_tf_msg := "EC2 metadata service accepts IMDSv1 requests (metadata_options.http_tokens is {value}, default \"optional\"), so a server-side request forgery can read the instance role's credentials. Set metadata_options { http_tokens = \"required\" }."

_cfn_msg := "EC2 metadata service accepts IMDSv1 requests (MetadataOptions.HttpTokens is {value}, default optional), so a server-side request forgery can read the instance role's credentials. Set MetadataOptions with HttpTokens: required."

_pulumi_msg := "EC2 metadata service accepts IMDSv1 requests (metadataOptions.httpTokens is {value}, default optional), so a server-side request forgery can read the instance role's credentials. Set metadataOptions: {httpTokens: required}."

_spec(type, path, msg) := {
	"type": type, "path": path, "good": ["required"], "missing": true, "fix": "required",
	"fix_safety": "unsafe", "msg": msg,
}

_specs := [
	_spec("aws_instance", "/metadata_options/http_tokens", _tf_msg),
	_spec("aws_launch_template", "/metadata_options/http_tokens", _tf_msg),
	_spec("aws_launch_configuration", "/metadata_options/http_tokens", _tf_msg),
	_spec("AWS::EC2::LaunchTemplate", "/LaunchTemplateData/MetadataOptions/HttpTokens", _cfn_msg),
	_spec("AWS::AutoScaling::LaunchConfiguration", "/MetadataOptions/HttpTokens", _cfn_msg),
	_spec("aws:ec2/instance:Instance", "/metadataOptions/httpTokens", _pulumi_msg),
	_spec("aws:ec2/launchTemplate:LaunchTemplate", "/metadataOptions/httpTokens", _pulumi_msg),
	_spec("aws:ec2/launchConfiguration:LaunchConfiguration", "/metadataOptions/httpTokens", _pulumi_msg),
]

# The metadata options object of the input, per format.
_options := _values.metadata_options if input.resource.source == "terraform"

_options := _values.LaunchTemplateData.MetadataOptions if input.resource.type == "AWS::EC2::LaunchTemplate"

_options := _values.MetadataOptions if input.resource.type == "AWS::AutoScaling::LaunchConfiguration"

_options := _values.metadataOptions if input.resource.source == "pulumi"

# The metadata endpoint is off: no IMDS at all.
_excluded if {
	some key in ["http_endpoint", "HttpEndpoint", "httpEndpoint"]
	lower(_options[key]) == "disabled"
}

# A Terraform or Pulumi instance launched from a launch template gets its metadata
# options from there.
_excluded if {
	input.resource.type in {"aws_instance", "aws:ec2/instance:Instance"}
	some key in ["launch_template", "launchTemplate"]
	object.get(_values, key, null) != null
}

deny contains result if {
	not _excluded
	some result in settings.check(_specs)
}
