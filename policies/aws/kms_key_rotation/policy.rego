# METADATA
# title: KMS keys rotate their key material automatically
# description: Automatic rotation gives a symmetric customer managed key new cryptographic material every year (or on the period you set) while old ciphertext stays readable, which limits how much data any one key version protects. Asymmetric and HMAC keys, keys with imported material and keys in custom key stores cannot rotate automatically and are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
# custom:
#   id: VGL-AWS-KMS-001
#   severity: medium
#   enforcement: remediate
#   resources: [aws_kms_key, "AWS::KMS::Key", "aws:kms/key:Key"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["3.6"]
#     NIST-800-53-r5: ["SC-12"]
#     PCI-DSS-4.0: ["3.7.4"]
#   aliases: [CKV_AWS_7, AWS-0065]
package vigil.aws.kms.key_rotation

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

_values := input.resource.values

# A value that is set to something (an unknown value counts as set).
_set(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

# Settings that must be absent or have the given value for automatic rotation to apply.
# An unknown value never matches, so such keys are skipped.
_rotatable_when := {
	"terraform": {
		"customer_master_key_spec": "SYMMETRIC_DEFAULT",
		"key_usage": "ENCRYPT_DECRYPT",
	},
	"cloudformation": {
		"KeySpec": "SYMMETRIC_DEFAULT",
		"KeyUsage": "ENCRYPT_DECRYPT",
		"Origin": "AWS_KMS",
	},
	"pulumi": {
		"customerMasterKeySpec": "SYMMETRIC_DEFAULT",
		"keyUsage": "ENCRYPT_DECRYPT",
	},
}

# Keys in a custom key store (CloudHSM or external) cannot rotate automatically.
_custom_store_keys := {"terraform": ["custom_key_store_id", "xks_key_id"], "cloudformation": [], "pulumi": ["customKeyStoreId", "xksKeyId"]}

_rotatable if {
	every key, expected in _rotatable_when[input.resource.source] {
		object.get(_values, key, expected) == expected
	}
	every key in _custom_store_keys[input.resource.source] {
		not _set(_values, key)
	}
}

_attribute := "enable_key_rotation" if _tf

_attribute := "EnableKeyRotation" if _cfn

_attribute := "enableKeyRotation" if _pulumi

deny contains result if {
	input.resource.type in {"aws_kms_key", "AWS::KMS::Key", "aws:kms/key:Key"}
	_rotatable
	lib.is_false(_values[_attribute])
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("KMS key has %s set to false, so its key material never changes. Set it to true; rotation keeps old ciphertext readable.", [_attribute]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
	}
}

deny contains result if {
	input.resource.type in {"aws_kms_key", "AWS::KMS::Key", "aws:kms/key:Key"}
	_rotatable
	not lib.has_key(_values, _attribute)
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("KMS key does not set %s, so automatic rotation is off and its key material never changes. Set it to true; rotation keeps old ciphertext readable.", [_attribute]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
	}
}
