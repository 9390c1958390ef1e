package vigil.aws.lambda.env_encryption_test

import data.vigil.aws.lambda.env_encryption as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "fn", "type": type, "name": "fn", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_vars_no_key if {
	results := p.deny with input as _res("aws_lambda_function", "terraform", {"environment": {"variables": {"DB_HOST": "db"}}})
	count(results) == 1
	some r in results
	r.path == "/kms_key_arn"
}

test_tf_vars_empty_key if {
	results := p.deny with input as _res("aws_lambda_function", "terraform", {"kms_key_arn": "", "environment": {"variables": {"A": "b"}}})
	count(results) == 1
}

test_tf_vars_with_key if {
	count(p.deny) == 0 with input as _res("aws_lambda_function", "terraform", {"kms_key_arn": "${aws_kms_key.k.arn}", "environment": {"variables": {"A": "b"}}})
}

test_tf_no_vars if {
	count(p.deny) == 0 with input as _res("aws_lambda_function", "terraform", {"function_name": "x"})
	count(p.deny) == 0 with input as _res("aws_lambda_function", "terraform", {"environment": {"variables": {}}})
	count(p.deny) == 0 with input as _res("aws_lambda_function", "terraform", {"environment": {"variables": "${var.env}"}})
}

test_cfn if {
	results := p.deny with input as _res("AWS::Lambda::Function", "cloudformation", {"Environment": {"Variables": {"A": "b"}}})
	some r in results
	r.path == "/KmsKeyArn"
	count(p.deny) == 0 with input as _res("AWS::Lambda::Function", "cloudformation", {"KmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/abc", "Environment": {"Variables": {"A": "b"}}})
}

test_pulumi if {
	results := p.deny with input as _res("aws:lambda/function:Function", "pulumi", {"environment": {"variables": {"A": "b"}}})
	some r in results
	r.path == "/kmsKeyArn"
	count(p.deny) == 0 with input as _res("aws:lambda/function:Function", "pulumi", {"kmsKeyArn": "${key.arn}", "environment": {"variables": {"A": "b"}}})
}
