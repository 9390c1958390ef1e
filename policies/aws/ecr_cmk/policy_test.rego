package vigil.aws.ecr.cmk_test

import data.vigil.aws.ecr.cmk as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "repo", "type": type, "name": "repo", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("aws_ecr_repository", "terraform", {"name": "app"})
	count(results) == 1
	some r in results
	r.path == "/encryption_configuration"
	not r.fix
}

test_tf_aes if {
	results := p.deny with input as _res("aws_ecr_repository", "terraform", {"encryption_configuration": {"encryption_type": "AES256"}})
	some r in results
	r.path == "/encryption_configuration/encryption_type"
}

test_tf_kms_no_key if {
	results := p.deny with input as _res("aws_ecr_repository", "terraform", {"encryption_configuration": {"encryption_type": "KMS"}})
	some r in results
	r.path == "/encryption_configuration/kms_key"
}

test_tf_cmk if {
	count(p.deny) == 0 with input as _res("aws_ecr_repository", "terraform", {"encryption_configuration": {"encryption_type": "KMS", "kms_key": "${aws_kms_key.k.arn}"}})
	count(p.deny) == 0 with input as _res("aws_ecr_repository", "terraform", {"encryption_configuration": "${dynamic}"})
}

test_cfn if {
	results := p.deny with input as _res("AWS::ECR::Repository", "cloudformation", {"EncryptionConfiguration": {"EncryptionType": "KMS"}})
	some r in results
	r.path == "/EncryptionConfiguration/KmsKey"
	count(p.deny) == 0 with input as _res("AWS::ECR::Repository", "cloudformation", {"EncryptionConfiguration": {"EncryptionType": "KMS", "KmsKey": "alias/ecr"}})
}

test_pulumi_list if {
	results := p.deny with input as _res("aws:ecr/repository:Repository", "pulumi", {"encryptionConfigurations": [{"encryptionType": "AES256"}]})
	some r in results
	r.path == "/encryptionConfigurations/0/encryptionType"
	count(p.deny) == 0 with input as _res("aws:ecr/repository:Repository", "pulumi", {"encryptionConfigurations": [{"encryptionType": "KMS", "kmsKey": "${key.arn}"}]})
}

test_pulumi_missing if {
	results := p.deny with input as _res("aws:ecr/repository:Repository", "pulumi", {"name": "x"})
	some r in results
	r.path == "/encryptionConfigurations"
}
