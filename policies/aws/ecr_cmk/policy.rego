# METADATA
# title: ECR repositories encrypt images with a customer-managed KMS key
# description: ECR always encrypts images at rest, by default with Amazon S3-managed keys (AES256), and with encryption type KMS but no key named, with the AWS managed key aws/ecr. Neither key's policy is yours, so you cannot restrict who may decrypt images, revoke access, or show key use of your own in CloudTrail. A customer-managed key (encryption_type = "KMS" with kms_key) gives that control. The encryption settings can only be chosen when the repository is created; changing them replaces the repository and its images, so no automatic fix is offered.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#encryption_configuration
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecr-repository-encryptionconfiguration.html
# custom:
#   id: VGL-AWS-ECR-003
#   severity: low
#   enforcement: advisory
#   resources: [aws_ecr_repository, "AWS::ECR::Repository", "aws:ecr/repository:Repository"]
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#   aliases: [CKV_AWS_136, AWS-0033]
package vigil.aws.ecr.cmk

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {"block": "encryption_configuration", "type": "encryption_type", "key": "kms_key", "hint": "encryption_configuration { encryption_type = \"KMS\"; kms_key = aws_kms_key.<key>.arn }"} if input.resource.type == "aws_ecr_repository"

_names := {"block": "EncryptionConfiguration", "type": "EncryptionType", "key": "KmsKey", "hint": "EncryptionConfiguration: {EncryptionType: KMS, KmsKey: !GetAtt <Key>.Arn}"} if input.resource.type == "AWS::ECR::Repository"

_names := {"block": "encryptionConfigurations", "type": "encryptionType", "key": "kmsKey", "hint": "encryptionConfigurations: [{encryptionType: KMS, kmsKey: ${<key>.arn}}]"} if {
	input.resource.type == "aws:ecr/repository:Repository"
	not lib.has_key(_values, "encryptionConfiguration")
}

_names := {"block": "encryptionConfiguration", "type": "encryptionType", "key": "kmsKey", "hint": "encryptionConfiguration: {encryptionType: KMS, kmsKey: ${<key>.arn}}"} if {
	input.resource.type == "aws:ecr/repository:Repository"
	lib.has_key(_values, "encryptionConfiguration")
}

_kms_types := {"KMS", "KMS_DSSE"}

_set(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

# No encryption configuration: AES256.
_findings contains {"path": sprintf("/%s", [_names.block]), "why": "no encryption configuration (the default is AES256 with keys ECR manages)"} if {
	count(lib.block_entries(_values, _names.block, "")) == 0
	not _set(_values, _names.block)
}

_findings contains {"path": sprintf("%s/%s", [b.path, _names.type]), "why": sprintf("encryption type %s (keys ECR manages)", [b.value[_names.type]])} if {
	some b in lib.block_entries(_values, _names.block, "")
	b.value[_names.type] == "AES256"
}

_findings contains {"path": sprintf("%s/%s", [b.path, _names.type]), "why": "an encryption configuration without encryption type (the default is AES256)"} if {
	some b in lib.block_entries(_values, _names.block, "")
	is_object(b.value)
	not _set(b.value, _names.type)
}

_findings contains {"path": sprintf("%s/%s", [b.path, _names.key]), "why": "KMS encryption without a key, which uses the AWS managed key aws/ecr"} if {
	some b in lib.block_entries(_values, _names.block, "")
	b.value[_names.type] in _kms_types
	not _set(b.value, _names.key)
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	some f in _findings
	result := {
		"msg": sprintf("ECR repository has %s, not a customer-managed KMS key, so you cannot control or audit who decrypts its images. Create it with %s (this replaces an existing repository).", [f.why, _names.hint]),
		"path": f.path,
	}
}
