# METADATA
# title: EKS clusters envelope-encrypt Kubernetes secrets with a KMS key you manage
# description: Kubernetes secrets (database passwords, tokens, TLS keys) are stored in the cluster's etcd. With an encryption configuration for the "secrets" resource, EKS envelope-encrypts them with a KMS key you manage, so reading them from etcd or its backups also needs that key, whose policy you control and whose every use CloudTrail logs. Clusters have no such configuration by default; since Kubernetes 1.28 EKS envelope-encrypts API data with a key AWS owns, which you can neither restrict nor audit. Add encryption_config (EncryptionConfig) with resources ["secrets"] and a customer-managed key; it cannot be removed once set.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
#   - https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#encryption_config
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-eks-cluster-encryptionconfig.html
# custom:
#   id: VGL-AWS-EKS-002
#   severity: medium
#   enforcement: advisory
#   resources: [aws_eks_cluster, "AWS::EKS::Cluster", "aws:eks/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#   aliases: [CKV_AWS_58, AWS-0039]
package vigil.aws.eks.secrets_encryption

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {"block": "encryption_config", "resources": "resources", "hint": "encryption_config { resources = [\"secrets\"] provider { key_arn = aws_kms_key.<key>.arn } }"} if input.resource.type == "aws_eks_cluster"

_names := {"block": "EncryptionConfig", "resources": "Resources", "hint": "EncryptionConfig: [{Resources: [secrets], Provider: {KeyArn: !GetAtt <Key>.Arn}}]"} if input.resource.type == "AWS::EKS::Cluster"

_names := {"block": "encryptionConfig", "resources": "resources", "hint": "encryptionConfig: {resources: [secrets], provider: {keyArn: ${<key>.arn}}}"} if input.resource.type == "aws:eks/cluster:Cluster"

_blocks := lib.block_entries(_values, _names.block, "")

_set(obj, key) if {
	v := obj[key]
	v != null
}

# Some block encrypts secrets, or may (its resources are not a known list).
_covers_secrets if {
	some b in _blocks
	"secrets" in b.value[_names.resources]
}

_covers_secrets if {
	some b in _blocks
	not is_array(b.value[_names.resources])
}

_applies if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_names
}

deny contains result if {
	_applies
	not _set(_values, _names.block)
	result := {
		"msg": sprintf("EKS cluster does not envelope-encrypt Kubernetes secrets with a KMS key you manage, so secrets in etcd are protected only by keys AWS controls. Add %s.", [_names.hint]),
		"path": sprintf("/%s", [_names.block]),
	}
}

deny contains result if {
	_applies
	count(_blocks) > 0
	not _covers_secrets
	some b in _blocks
	result := {
		"msg": sprintf("EKS cluster encryption configuration does not include \"secrets\" in %s, so Kubernetes secrets are not envelope-encrypted with your KMS key. Add \"secrets\" to the list.", [_names.resources]),
		"path": sprintf("%s/%s", [b.path, _names.resources]),
	}
}
