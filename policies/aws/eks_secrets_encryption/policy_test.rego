package vigil.aws.eks.secrets_encryption_test

import data.vigil.aws.eks.secrets_encryption as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "cluster", "type": type, "name": "cluster", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("aws_eks_cluster", "terraform", {"name": "prod"})
	count(results) == 1
	some r in results
	r.path == "/encryption_config"
}

test_tf_no_secrets if {
	results := p.deny with input as _res("aws_eks_cluster", "terraform", {"encryption_config": {"resources": [], "provider": {"key_arn": "k"}}})
	some r in results
	r.path == "/encryption_config/resources"
}

test_tf_secrets if {
	count(p.deny) == 0 with input as _res("aws_eks_cluster", "terraform", {"encryption_config": {"resources": ["secrets"], "provider": {"key_arn": "k"}}})
	count(p.deny) == 0 with input as _res("aws_eks_cluster", "terraform", {"encryption_config": {"resources": "${var.r}", "provider": {"key_arn": "k"}}})
	count(p.deny) == 0 with input as _res("aws_eks_cluster", "terraform", {"encryption_config": "${dynamic}"})
}

test_cfn if {
	results := p.deny with input as _res("AWS::EKS::Cluster", "cloudformation", {"Name": "prod"})
	some r in results
	r.path == "/EncryptionConfig"
	count(p.deny) == 0 with input as _res("AWS::EKS::Cluster", "cloudformation", {"EncryptionConfig": [{"Resources": ["secrets"], "Provider": {"KeyArn": "k"}}]})
}

test_pulumi if {
	results := p.deny with input as _res("aws:eks/cluster:Cluster", "pulumi", {"name": "prod"})
	some r in results
	r.path == "/encryptionConfig"
	count(p.deny) == 0 with input as _res("aws:eks/cluster:Cluster", "pulumi", {"encryptionConfig": {"resources": ["secrets"], "provider": {"keyArn": "k"}}})
}
