package vigil.aws.secretsmanager.cmk_test

import data.vigil.aws.secretsmanager.cmk as p
import rego.v1

_paths(type, source, values) := {r.path | some r in p.deny with input as {"resource": {
	"address": "secret", "type": type, "name": "secret", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}}

test_tf if {
	_paths("aws_secretsmanager_secret", "terraform", {"name": "prod/db"}) == {"/kms_key_id"}
	_paths("aws_secretsmanager_secret", "terraform", {"kms_key_id": "alias/aws/secretsmanager"}) == {"/kms_key_id"}
	_paths("aws_secretsmanager_secret", "terraform", {"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:alias/aws/secretsmanager"}) == {"/kms_key_id"}
	_paths("aws_secretsmanager_secret", "terraform", {"kms_key_id": "${aws_kms_key.secrets.arn}"}) == set()
	_paths("aws_secretsmanager_secret", "terraform", {"kms_key_id": "alias/secrets"}) == set()
}

test_cfn if {
	_paths("AWS::SecretsManager::Secret", "cloudformation", {"Name": "prod/db"}) == {"/KmsKeyId"}
	_paths("AWS::SecretsManager::Secret", "cloudformation", {"KmsKeyId": "alias/secrets"}) == set()
}

test_pulumi if {
	_paths("aws:secretsmanager/secret:Secret", "pulumi", {"name": "prod/db"}) == {"/kmsKeyId"}
	_paths("aws:secretsmanager/secret:Secret", "pulumi", {"kmsKeyId": "${key.arn}"}) == set()
}
