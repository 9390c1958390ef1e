package vigil.aws.iam.passrole_wildcard_test

import data.vigil.aws.iam.passrole_wildcard as p
import rego.v1

_in(type, source, mode, values) := {"resource": {
	"address": "deployer", "type": type, "name": "deployer", "mode": mode,
	"source": source, "values": values, "references": {}, "unknown": [],
}}

_doc(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_paths(results) := {r.path | some r in results}

test_tf_json_string if {
	doc := _doc([{"Effect": "Allow", "Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*"}])
	_paths(p.deny) == {"/policy"} with input as _in("aws_iam_policy", "terraform", "managed", {"policy": doc})
}

test_tf_wildcard_actions if {
	_paths(p.deny) == {"/policy"} with input as _in("aws_iam_role_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Allow", "Action": "iam:*", "Resource": ["*"]}])})
	_paths(p.deny) == {"/policy"} with input as _in("aws_iam_role_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Allow", "Action": "IAM:Pass*", "Resource": "*"}])})
}

test_tf_not_reported if {
	# Named roles, a service condition, Deny, full admin (VGL-AWS-IAM-001), other actions.
	count(p.deny) == 0 with input as _in("aws_iam_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"}])})
	count(p.deny) == 0 with input as _in("aws_iam_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}])})
	count(p.deny) == 0 with input as _in("aws_iam_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}])})
	count(p.deny) == 0 with input as _in("aws_iam_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Allow", "Action": "*", "Resource": "*"}])})
	count(p.deny) == 0 with input as _in("aws_iam_policy", "terraform", "managed", {"policy": _doc([{"Effect": "Allow", "Action": ["iam:GetRole", "iam:List*"], "Resource": "*"}])})
}

test_tf_role_inline if {
	_paths(p.deny) == {"/inline_policy/1/policy"} with input as _in("aws_iam_role", "terraform", "managed", {"inline_policy": [{"policy": "{}"}, {"policy": _doc({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})}]})
}

test_tf_policy_document if {
	values := {"statement": [
		{"actions": ["s3:GetObject"], "resources": ["*"]},
		{"actions": ["ecs:RunTask", "iam:PassRole"], "resources": ["*"]},
		{"actions": ["iam:PassRole"], "resources": ["*"], "condition": {"test": "StringEquals", "variable": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}},
	]}
	_paths(p.deny) == {"/statement/1/actions/1"} with input as _in("aws_iam_policy_document", "terraform", "data", values)
}

test_cfn if {
	props := {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["lambda:CreateFunction", "iam:PassRole"], "Resource": "*"}]}}
	_paths(p.deny) == {"/PolicyDocument/Statement/0/Action/1"} with input as _in("AWS::IAM::Policy", "cloudformation", "managed", props)
	role := {"Policies": [{"PolicyName": "x", "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}}]}
	_paths(p.deny) == {"/Policies/0/PolicyDocument/Statement/Action"} with input as _in("AWS::IAM::Role", "cloudformation", "managed", role)
}

test_pulumi if {
	_paths(p.deny) == {"/policy"} with input as _in("aws:iam/policy:Policy", "pulumi", "managed", {"policy": _doc([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}])})
	_paths(p.deny) == {"/inlinePolicies/0/policy"} with input as _in("aws:iam/role:Role", "pulumi", "managed", {"inlinePolicies": [{"policy": _doc([{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}])}]})
}
