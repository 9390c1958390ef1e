# METADATA
# title: Secrets Manager secrets are encrypted with a customer-managed KMS key
# description: Secrets Manager always encrypts secrets, by default with the AWS managed key aws/secretsmanager (kms_key_id and KmsKeyId left out). Any principal of the account allowed to read the secret can then decrypt it, the key's policy cannot be changed to require more, and the secret cannot be shared with another account. A customer-managed key adds a second, separately controlled permission (kms:Decrypt in the key policy), can be disabled to cut off access, and is required for cross-account access. Setting the AWS managed key's alias explicitly is flagged too.
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret#kms_key_id
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-secret.html#cfn-secretsmanager-secret-kmskeyid
# custom:
#   id: VGL-AWS-SECRETSMANAGER-002
#   severity: low
#   enforcement: advisory
#   resources: [aws_secretsmanager_secret, "AWS::SecretsManager::Secret", "aws:secretsmanager/secret:Secret"]
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#   aliases: [CKV_AWS_149, AWS-0098]
package vigil.aws.secretsmanager.cmk

import rego.v1

_values := input.resource.values

_key := "kms_key_id" if input.resource.type == "aws_secretsmanager_secret"

_key := "KmsKeyId" if input.resource.type == "AWS::SecretsManager::Secret"

_key := "kmsKeyId" if input.resource.type == "aws:secretsmanager/secret:Secret"

_hint := {
	"aws_secretsmanager_secret": "kms_key_id = aws_kms_key.<key>.arn",
	"AWS::SecretsManager::Secret": "KmsKeyId: !Ref <Key>",
	"aws:secretsmanager/secret:Secret": "kmsKeyId: ${<key>.arn}",
}

_msg(what) := sprintf("Secrets Manager secret is encrypted with %s, so anyone in the account allowed to read the secret can decrypt it and it cannot be shared across accounts. Set %s (a customer-managed key).", [what, _hint[input.resource.type]])

_applies if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_key
}

deny contains result if {
	_applies
	object.get(_values, _key, null) in {null, ""}
	result := {"msg": _msg("the AWS managed key aws/secretsmanager (the default)"), "path": sprintf("/%s", [_key])}
}

# The AWS managed key named explicitly, by alias or alias ARN.
deny contains result if {
	_applies
	v := _values[_key]
	is_string(v)
	regex.match(`(^|:)alias/aws/secretsmanager$`, v)
	result := {"msg": _msg("the AWS managed key aws/secretsmanager"), "path": sprintf("/%s", [_key])}
}
