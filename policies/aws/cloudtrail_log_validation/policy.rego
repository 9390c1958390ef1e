# METADATA
# title: CloudTrail log file integrity validation is enabled
# description: With log file validation CloudTrail writes signed, hash-chained digest files next to the logs, so any later change or deletion of a log file can be proven. Without it, someone who gains write access to the bucket can quietly edit or remove the record of what they did.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
# custom:
#   id: VGL-AWS-CLOUDTRAIL-003
#   severity: medium
#   enforcement: remediate
#   resources: [aws_cloudtrail, "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["3.2"]
#     NIST-800-53-r5: ["AU-9", "SI-7"]
#     PCI-DSS-4.0: ["10.3.2", "10.3.4"]
#   aliases: [CKV_AWS_36, AWS-0016]
package vigil.aws.cloudtrail.log_validation

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

_attribute := "enable_log_file_validation" if _tf

_attribute := "EnableLogFileValidation" if _cfn

_attribute := "enableLogFileValidation" if _pulumi

deny contains result if {
	input.resource.type in {"aws_cloudtrail", "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"}
	lib.is_false(input.resource.values[_attribute])
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("CloudTrail trail has %s set to false, so tampering with or deleting its log files cannot be detected. Set it to true.", [_attribute]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
	}
}

deny contains result if {
	input.resource.type in {"aws_cloudtrail", "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"}
	not lib.has_key(input.resource.values, _attribute)
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("CloudTrail trail does not set %s, so log file validation is off and tampering with or deleting its log files cannot be detected. Set it to true.", [_attribute]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
	}
}
