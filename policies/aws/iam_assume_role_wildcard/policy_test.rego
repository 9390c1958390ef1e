package vigil.aws.iam.assume_role_wildcard_test

import data.vigil.aws.iam.assume_role_wildcard as p
import rego.v1

_in(type, source, mode, values) := {"resource": {
	"address": "open", "type": type, "name": "open", "mode": mode,
	"source": source, "values": values, "references": {}, "unknown": [],
}}

_trust(statement) := json.marshal({"Version": "2012-10-17", "Statement": [statement]})

_paths(results) := {r.path | some r in results}

test_tf_star if {
	_paths(p.deny) == {"/assume_role_policy"} with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": _trust({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})})
	_paths(p.deny) == {"/assume_role_policy"} with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": _trust({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"})})
	_paths(p.deny) == {"/assume_role_policy"} with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": _trust({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": "sts:AssumeRole"})})
}

test_tf_not_reported if {
	count(p.deny) == 0 with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": _trust({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}})})
	count(p.deny) == 0 with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": _trust({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})})
	count(p.deny) == 0 with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": _trust({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"})})
	count(p.deny) == 0 with input as _in("aws_iam_role", "terraform", "managed", {"assume_role_policy": "${data.aws_iam_policy_document.trust.json}"})
}

test_tf_policy_document if {
	values := {"statement": [{"actions": ["sts:AssumeRole"], "principals": {"type": "AWS", "identifiers": ["*"]}}]}
	_paths(p.deny) == {"/statement/0/principals/identifiers/0"} with input as _in("aws_iam_policy_document", "terraform", "data", values)
	with_condition := {"statement": [{"actions": ["sts:AssumeRole"], "principals": {"type": "AWS", "identifiers": ["*"]}, "condition": {"test": "StringEquals", "variable": "sts:ExternalId", "values": ["x"]}}]}
	count(p.deny) == 0 with input as _in("aws_iam_policy_document", "terraform", "data", with_condition)
	bucket_policy := {"statement": [{"actions": ["s3:GetObject"], "principals": {"type": "*", "identifiers": ["*"]}}]}
	count(p.deny) == 0 with input as _in("aws_iam_policy_document", "terraform", "data", bucket_policy)
}

test_cfn if {
	props := {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}
	_paths(p.deny) == {"/AssumeRolePolicyDocument/Statement/0/Principal/AWS"} with input as _in("AWS::IAM::Role", "cloudformation", "managed", props)
	ok := {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]}}
	count(p.deny) == 0 with input as _in("AWS::IAM::Role", "cloudformation", "managed", ok)
}

test_pulumi if {
	_paths(p.deny) == {"/assumeRolePolicy"} with input as _in("aws:iam/role:Role", "pulumi", "managed", {"assumeRolePolicy": _trust({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})})
	_paths(p.deny) == {"/assumeRolePolicy/Statement/0/Principal"} with input as _in("aws:iam/role:Role", "pulumi", "managed", {"assumeRolePolicy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}})
}
