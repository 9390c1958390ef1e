# METADATA
# title: CloudTrail log files are encrypted with a KMS key
# description: By default CloudTrail log files only get S3-managed encryption, so anyone who can read the bucket can read the full API history of the account. Encrypting them with a customer managed KMS key (SSE-KMS) adds a second, separately audited permission that readers must hold.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
# custom:
#   id: VGL-AWS-CLOUDTRAIL-002
#   severity: medium
#   enforcement: advisory
#   resources: [aws_cloudtrail, "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["3.5"]
#     NIST-800-53-r5: ["AU-9", "SC-28"]
#     PCI-DSS-4.0: ["10.3.1"]
#   aliases: [CKV_AWS_35, AWS-0015]
package vigil.aws.cloudtrail.kms_encryption

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

_attribute := "kms_key_id" if _tf

_attribute := "KMSKeyId" if _cfn

_attribute := "kmsKeyId" if _pulumi

_msg := sprintf("CloudTrail trail does not set %s, so its log files are only protected by S3-managed encryption and readable by anyone who can read the bucket. Set it to a customer managed KMS key whose policy lets CloudTrail encrypt.", [_attribute])

deny contains result if {
	input.resource.type in {"aws_cloudtrail", "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"}
	not lib.has_key(input.resource.values, _attribute)
	result := {"msg": _msg, "path": sprintf("/%s", [_attribute])}
}

deny contains result if {
	input.resource.type in {"aws_cloudtrail", "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"}
	input.resource.values[_attribute] in {"", null}
	result := {"msg": _msg, "path": sprintf("/%s", [_attribute])}
}
