# METADATA
# title: DynamoDB tables are encrypted with a customer-managed KMS key
# description: DynamoDB always encrypts tables at rest. By default it uses a key AWS owns (server_side_encryption and SSESpecification left out or disabled), and with encryption enabled but no key named, the AWS managed key aws/dynamodb. With either, you cannot restrict who may decrypt the data beyond the table's IAM permissions, disable the key to cut off access, or see the key's use of your own in CloudTrail. A customer-managed key gives that control, which regulated data (cardholder, health) often requires. The data is encrypted in every case; this is a hardening check.
# related_resources:
#   - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#server_side_encryption
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-table-ssespecification.html
# custom:
#   id: VGL-AWS-DYNAMODB-002
#   severity: low
#   enforcement: advisory
#   resources: [aws_dynamodb_table, "AWS::DynamoDB::Table", "aws:dynamodb/table:Table"]
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#   aliases: [CKV_AWS_119, AWS-0025]
package vigil.aws.dynamodb.cmk

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"block": "server_side_encryption", "enabled": "enabled", "key": "kms_key_arn",
	"hint": "server_side_encryption { enabled = true; kms_key_arn = aws_kms_key.<key>.arn }",
} if input.resource.type == "aws_dynamodb_table"

_names := {
	"block": "SSESpecification", "enabled": "SSEEnabled", "key": "KMSMasterKeyId",
	"hint": "SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref <Key>}",
} if input.resource.type == "AWS::DynamoDB::Table"

_names := {
	"block": "serverSideEncryption", "enabled": "enabled", "key": "kmsKeyArn",
	"hint": "serverSideEncryption: {enabled: true, kmsKeyArn: ${<key>.arn}}",
} if input.resource.type == "aws:dynamodb/table:Table"

_set(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

_block := _values[_names.block]

_applies if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_names
}

_msg(what) := sprintf("DynamoDB table is encrypted with %s, not a customer-managed KMS key, so you cannot restrict, revoke or audit decryption of its data with a key policy of your own. Set %s.", [what, _names.hint])

# No encryption settings: the AWS owned key.
deny contains result if {
	_applies
	not _set(_values, _names.block)
	result := {"msg": _msg("the AWS owned key (the default)"), "path": sprintf("/%s", [_names.block])}
}

deny contains result if {
	_applies
	is_object(_block)
	not _set(_block, _names.enabled)
	result := {"msg": _msg("the AWS owned key (encryption settings without enabled = true)"), "path": sprintf("/%s/%s", [_names.block, _names.enabled])}
}

deny contains result if {
	_applies
	lib.is_false(_block[_names.enabled])
	result := {"msg": _msg("the AWS owned key (the encryption setting is disabled)"), "path": sprintf("/%s/%s", [_names.block, _names.enabled])}
}

# Enabled without a key: the AWS managed key aws/dynamodb.
deny contains result if {
	_applies
	lib.is_true(_block[_names.enabled])
	not _set(_block, _names.key)
	result := {"msg": _msg("the AWS managed key aws/dynamodb"), "path": sprintf("/%s/%s", [_names.block, _names.key])}
}
