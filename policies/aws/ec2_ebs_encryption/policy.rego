# METADATA
# title: EBS volumes are encrypted
# description: An unencrypted EBS volume keeps its data, and every snapshot taken from it, in the clear. Set encrypted to true; volumes created from a snapshot or with a KMS key, and stacks that turn on account-level EBS encryption by default, are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
# custom:
#   id: VGL-AWS-EC2-003
#   severity: medium
#   enforcement: advisory
#   resources: [aws_ebs_volume, "AWS::EC2::Volume", "aws:ebs/volume:Volume"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.2.1"]
#     NIST-800-53-r5: ["SC-13", "SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_3, AWS-0026]
package vigil.aws.ec2.ebs_encryption

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_values := input.resource.values

# A value that is set to something (an unknown value counts as set).
_set(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

# aws_ebs_encryption_by_default in the same stack: new volumes are encrypted anyway.
_encrypted_by_default if {
	some r in lib.stack_resources("aws_ebs_encryption_by_default")
	not lib.is_false(object.get(object.get(r, "values", {}), "enabled", true))
}

_replace_msg := "EBS volume has encrypted = false: its data and snapshots are stored unencrypted. Set it to true (this replaces an existing volume, so migrate its data through a snapshot)."

_add_msg := "EBS volume does not set encrypted, so it is unencrypted unless EBS encryption by default is on in the account and region. Set encrypted = true (this replaces an existing volume, so migrate its data through a snapshot)."

deny contains result if {
	_tf
	input.resource.type == "aws_ebs_volume"
	lib.is_false(_values.encrypted)
	result := {
		"msg": _replace_msg,
		"path": "/encrypted",
		"fix": [{"op": "replace", "path": "/encrypted", "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_tf
	input.resource.type == "aws_ebs_volume"
	not lib.has_key(_values, "encrypted")
	not _set(_values, "snapshot_id")
	not _set(_values, "kms_key_id")
	not _encrypted_by_default
	result := {
		"msg": _add_msg,
		"path": "/encrypted",
		"fix": [{"op": "add", "path": "/encrypted", "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_cfn
	input.resource.type == "AWS::EC2::Volume"
	lib.is_false(_values.Encrypted)
	result := {
		"msg": "EBS volume has Encrypted: false, so its data and snapshots are stored unencrypted. Set it to true (this replaces an existing volume, so migrate its data through a snapshot).",
		"path": "/Encrypted",
		"fix": [{"op": "replace", "path": "/Encrypted", "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_cfn
	input.resource.type == "AWS::EC2::Volume"
	not lib.has_key(_values, "Encrypted")
	not _set(_values, "SnapshotId")
	not _set(_values, "KmsKeyId")
	result := {
		"msg": "EBS volume does not set Encrypted, so it is unencrypted unless EBS encryption by default is on in the account and region. Set Encrypted: true (this replaces an existing volume, so migrate its data through a snapshot).",
		"path": "/Encrypted",
		"fix": [{"op": "add", "path": "/Encrypted", "value": true}],
		"fix_safety": "unsafe",
	}
}

# ---------------------------------------------------------------------------
# Pulumi YAML: aws:ebs:Volume (encryptionByDefault in the same program turns it on).

_pulumi if input.resource.source == "pulumi"

_pulumi_encrypted_by_default if {
	some r in lib.stack_resources("aws:ebs/encryptionByDefault:EncryptionByDefault")
	not lib.is_false(object.get(object.get(r, "values", {}), "enabled", true))
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:ebs/volume:Volume"
	lib.is_false(_values.encrypted)
	result := {
		"msg": "EBS volume has encrypted: false, so its data and snapshots are stored unencrypted. Set encrypted: true (this replaces an existing volume, so migrate its data through a snapshot).",
		"path": "/encrypted",
		"fix": [{"op": "replace", "path": "/encrypted", "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:ebs/volume:Volume"
	not lib.has_key(_values, "encrypted")
	not _set(_values, "snapshotId")
	not _set(_values, "kmsKeyId")
	not _pulumi_encrypted_by_default
	result := {
		"msg": "EBS volume does not set encrypted, so it is unencrypted unless EBS encryption by default is on in the account and region. Set encrypted: true (this replaces an existing volume, so migrate its data through a snapshot).",
		"path": "/encrypted",
		"fix": [{"op": "add", "path": "/encrypted", "value": true}],
		"fix_safety": "unsafe",
	}
}
