package vigil.aws.secretsmanager.rotation_test

import data.vigil.aws.secretsmanager.rotation as p
import data.vigil.lib
import rego.v1

_r(address, type, source, values, refs) := {
	"address": address, "type": type, "name": address, "mode": "managed",
	"source": source, "values": values, "references": refs, "unknown": [],
}

_secret := _r("aws_secretsmanager_secret.db", "aws_secretsmanager_secret", "terraform", {"name": "prod/db"}, {})


test_tf_no_rotation if {
	count(p.deny) == 1 with input as {"resource": _secret} with data.vigil.stack as lib.stack_of([_secret])
}

test_tf_rotation_by_reference if {
	rot := _r("aws_secretsmanager_secret_rotation.db", "aws_secretsmanager_secret_rotation", "terraform", {"secret_id": "${aws_secretsmanager_secret.db.id}"}, {"/secret_id": ["aws_secretsmanager_secret.db"]})
	count(p.deny) == 0 with input as {"resource": _secret} with data.vigil.stack as lib.stack_of([_secret, rot])
}

test_tf_rotation_by_name if {
	rot := _r("aws_secretsmanager_secret_rotation.db", "aws_secretsmanager_secret_rotation", "terraform", {"secret_id": "prod/db"}, {})
	count(p.deny) == 0 with input as {"resource": _secret} with data.vigil.stack as lib.stack_of([_secret, rot])
}

test_tf_rotation_of_other_secret if {
	other := _r("aws_secretsmanager_secret.api", "aws_secretsmanager_secret", "terraform", {"name": "prod/api"}, {})
	rot := _r("aws_secretsmanager_secret_rotation.api", "aws_secretsmanager_secret_rotation", "terraform", {"secret_id": "${aws_secretsmanager_secret.api.id}"}, {"/secret_id": ["aws_secretsmanager_secret.api"]})
	count(p.deny) == 1 with input as {"resource": _secret} with data.vigil.stack as lib.stack_of([_secret, other, rot])
}

test_tf_rotation_undetermined if {
	rot := _r("aws_secretsmanager_secret_rotation.db", "aws_secretsmanager_secret_rotation", "terraform", {"secret_id": "${var.secret_id}"}, {})
	count(p.deny) == 0 with input as {"resource": _secret} with data.vigil.stack as lib.stack_of([_secret, rot])
}

test_tf_inline_rotation if {
	s := _r("aws_secretsmanager_secret.db", "aws_secretsmanager_secret", "terraform", {"name": "prod/db", "rotation_lambda_arn": "${aws_lambda_function.r.arn}"}, {})
	count(p.deny) == 0 with input as {"resource": s} with data.vigil.stack as lib.stack_of([s])
}

test_cfn if {
	s := _r("DbSecret", "AWS::SecretsManager::Secret", "cloudformation", {}, {})
	count(p.deny) == 1 with input as {"resource": s} with data.vigil.stack as lib.stack_of([s])
	rot := _r("DbSecretRotation", "AWS::SecretsManager::RotationSchedule", "cloudformation", {"SecretId": "${Ref DbSecret}"}, {"/SecretId": ["DbSecret"]})
	count(p.deny) == 0 with input as {"resource": s} with data.vigil.stack as lib.stack_of([s, rot])
}

test_pulumi if {
	s := _r("dbSecret", "aws:secretsmanager/secret:Secret", "pulumi", {}, {})
	count(p.deny) == 1 with input as {"resource": s} with data.vigil.stack as lib.stack_of([s])
	rot := _r("dbRotation", "aws:secretsmanager/secretRotation:SecretRotation", "pulumi", {"secretId": "${dbSecret.id}"}, {"/secretId": ["dbSecret"]})
	count(p.deny) == 0 with input as {"resource": s} with data.vigil.stack as lib.stack_of([s, rot])
}
