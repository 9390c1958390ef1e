# METADATA
# title: SNS topics encrypt messages with a KMS key
# description: SNS keeps published messages on disk until they are delivered. Unlike SQS, SNS has no default encryption; a topic is encrypted at rest only when it names a KMS key (kms_master_key_id, KmsMasterKeyId, kmsMasterKeyId), so a topic that leaves it out, as the Terraform provider and CloudFormation do by default, stores messages unencrypted. Name a key; the AWS managed key alias/aws/sns is the simplest, but services that publish to the topic (CloudWatch alarms, S3 and EventBridge notifications) need a customer managed key whose key policy lets them use it.
# related_resources:
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#kms_master_key_id
# custom:
#   id: VGL-AWS-SNS-001
#   severity: low
#   enforcement: advisory
#   resources: [aws_sns_topic, "AWS::SNS::Topic", "aws:sns/topic:Topic"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_26, AWS-0095]
package vigil.aws.sns.encryption

import rego.v1

# The key attribute per type, and the message (in the format's syntax).
_attr := {
	"aws_sns_topic": "kms_master_key_id",
	"AWS::SNS::Topic": "KmsMasterKeyId",
	"aws:sns/topic:Topic": "kmsMasterKeyId",
}

_hint := {
	"aws_sns_topic": "Set kms_master_key_id to a KMS key (\"alias/aws/sns\", or a customer managed key that publishing AWS services may use).",
	"AWS::SNS::Topic": "Set KmsMasterKeyId to a KMS key (alias/aws/sns, or a customer managed key that publishing AWS services may use).",
	"aws:sns/topic:Topic": "Set kmsMasterKeyId to a KMS key (alias/aws/sns, or a customer managed key that publishing AWS services may use).",
}

_key := object.get(input.resource.values, _attr[input.resource.type], null)

# The fix names the AWS managed key: always available, but publishers that are AWS
# services cannot use it, hence unsafe.
deny contains result if {
	attr := _attr[input.resource.type]
	_key == null
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("SNS topic has no %s, so its messages are stored unencrypted at rest (SNS does not encrypt by default). %s", [attr, _hint[input.resource.type]]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": "alias/aws/sns"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	attr := _attr[input.resource.type]
	_key == ""
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("SNS topic has an empty %s, so its messages are stored unencrypted at rest (SNS does not encrypt by default). %s", [attr, _hint[input.resource.type]]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "alias/aws/sns"}],
		"fix_safety": "unsafe",
	}
}
