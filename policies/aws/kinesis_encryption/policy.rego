# METADATA
# title: Kinesis data streams encrypt records at rest
# description: A Kinesis data stream keeps its records on disk for the whole retention period, up to a year. Server-side encryption is off unless it is asked for; the Terraform provider defaults encryption_type to "NONE", and a CloudFormation stream without StreamEncryption (or a Pulumi stream without encryptionType) is created unencrypted. Turn on KMS encryption; it is transparent to producers and consumers, and the key owned by Kinesis (alias/aws/kinesis) needs no key policy.
# related_resources:
#   - https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-stream.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_stream#encryption_type
# custom:
#   id: VGL-AWS-KINESIS-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_kinesis_stream, "AWS::Kinesis::Stream", "aws:kinesis/stream:Stream"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_43, AWS-0064]
package vigil.aws.kinesis.encryption

import data.vigil.lib
import rego.v1

_values := input.resource.values

_key := "alias/aws/kinesis"

# Terraform and Pulumi: encryption_type / encryptionType, with the KMS key beside it.
_attrs := {
	"aws_kinesis_stream": {"type": "encryption_type", "key": "kms_key_id", "syntax": "encryption_type = \"KMS\" with kms_key_id"},
	"aws:kinesis/stream:Stream": {"type": "encryptionType", "key": "kmsKeyId", "syntax": "encryptionType: KMS with kmsKeyId"},
}

_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

# The key is added only where none is written.
_key_fix(a) := [] if _set(a.key)

_key_fix(a) := [{"op": "add", "path": sprintf("/%s", [a.key]), "value": _key}] if not _set(a.key)

deny contains result if {
	a := _attrs[input.resource.type]
	object.get(_values, a.type, null) == null
	path := sprintf("/%s", [a.type])
	result := {
		"msg": sprintf("Kinesis stream does not set %s, so it defaults to NONE and records are stored unencrypted at rest. Set %s (%q, or a customer managed key).", [a.type, a.syntax, _key]),
		"path": path,
		"fix": array.concat([{"op": "add", "path": path, "value": "KMS"}], _key_fix(a)),
	}
}

deny contains result if {
	a := _attrs[input.resource.type]
	v := _values[a.type]
	is_string(v)
	upper(v) == "NONE"
	path := sprintf("/%s", [a.type])
	result := {
		"msg": sprintf("Kinesis stream has %s = NONE, so records are stored unencrypted at rest. Set %s (%q, or a customer managed key).", [a.type, a.syntax, _key]),
		"path": path,
		"fix": array.concat([{"op": "replace", "path": path, "value": "KMS"}], _key_fix(a)),
	}
}

# CloudFormation: StreamEncryption.
deny contains result if {
	input.resource.type == "AWS::Kinesis::Stream"
	not lib.has_key(_values, "StreamEncryption")
	result := {
		"msg": "Kinesis stream has no StreamEncryption, so records are stored unencrypted at rest. Add StreamEncryption with EncryptionType: KMS and KeyId (alias/aws/kinesis, or a customer managed key).",
		"path": "/StreamEncryption",
		"fix": [{"op": "add", "path": "/StreamEncryption", "value": {"EncryptionType": "KMS", "KeyId": _key}}],
	}
}

deny contains result if {
	input.resource.type == "AWS::Kinesis::Stream"
	v := _values.StreamEncryption.EncryptionType
	is_string(v)
	upper(v) == "NONE"
	result := {
		"msg": "Kinesis stream has StreamEncryption.EncryptionType NONE, so records are stored unencrypted at rest. Set EncryptionType: KMS with a KeyId (alias/aws/kinesis, or a customer managed key).",
		"path": "/StreamEncryption/EncryptionType",
		"fix": [{"op": "replace", "path": "/StreamEncryption/EncryptionType", "value": "KMS"}],
	}
}
