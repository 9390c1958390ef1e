package vigil.aws.iam.admin_policy_test

import data.vigil.aws.iam.admin_policy as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.this", [type]),
	"type": type,
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_tf_data(values) := {"resource": {
	"address": "data.aws_iam_policy_document.this",
	"type": "aws_iam_policy_document",
	"name": "this",
	"mode": "data",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(type, props) := {"resource": {
	"address": "AppPolicy",
	"type": type,
	"name": "AppPolicy",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

_admin_doc := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

_scoped_doc := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::acme-data/*"}]}

# --- Terraform: JSON policy strings ------------------------------------------------

test_tf_policy_admin if {
	results := p.deny with input as _tf("aws_iam_policy", {"name": "admin", "policy": json.marshal(_admin_doc)})
	_paths(results) == {"/policy"}
}

test_tf_role_policy_admin_list_and_single_statement if {
	doc := {"Statement": {"Effect": "Allow", "Action": ["s3:*", "*"], "Resource": ["*"]}}
	results := p.deny with input as _tf("aws_iam_role_policy", {"role": "app", "policy": json.marshal(doc)})
	_paths(results) == {"/policy"}
}

test_tf_user_and_group_policies if {
	r1 := p.deny with input as _tf("aws_iam_user_policy", {"user": "ci", "policy": json.marshal(_admin_doc)})
	r2 := p.deny with input as _tf("aws_iam_group_policy", {"group": "ops", "policy": json.marshal(_admin_doc)})
	count(r1) == 1
	count(r2) == 1
}

test_tf_policy_scoped if {
	results := p.deny with input as _tf("aws_iam_policy", {"policy": json.marshal(_scoped_doc)})
	count(results) == 0
}

test_tf_policy_deny_statement if {
	doc := {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
	results := p.deny with input as _tf("aws_iam_policy", {"policy": json.marshal(doc)})
	count(results) == 0
}

test_tf_policy_action_star_on_specific_resource if {
	doc := {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::acme-data/*"}]}
	results := p.deny with input as _tf("aws_iam_policy", {"policy": json.marshal(doc)})
	count(results) == 0
}

test_tf_policy_service_wildcard if {
	doc := {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
	results := p.deny with input as _tf("aws_iam_policy", {"policy": json.marshal(doc)})
	count(results) == 0
}

test_tf_policy_invalid_json if {
	results := p.deny with input as _tf("aws_iam_policy", {"policy": "{\"Statement\": [ not json"})
	count(results) == 0
}

test_tf_policy_unknown if {
	results := p.deny with input as _tf("aws_iam_policy", {"policy": "${data.aws_iam_policy_document.admin.json}"})
	count(results) == 0
}

test_tf_role_inline_policy if {
	values := {"name": "app", "inline_policy": [
		{"name": "read", "policy": json.marshal(_scoped_doc)},
		{"name": "admin", "policy": json.marshal(_admin_doc)},
	]}
	results := p.deny with input as _tf("aws_iam_role", values)
	_paths(results) == {"/inline_policy/1/policy"}
}

# --- Terraform: data aws_iam_policy_document ------------------------------------------

test_tf_document_admin if {
	values := {"statement": [
		{"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::acme-data/*"]},
		{"actions": ["ec2:DescribeInstances", "*"], "resources": ["*"]},
	]}
	results := p.deny with input as _tf_data(values)
	_paths(results) == {"/statement/1/actions/1"}
}

test_tf_document_single_statement_explicit_allow if {
	results := p.deny with input as _tf_data({"statement": {"effect": "Allow", "actions": ["*"], "resources": ["*"]}})
	_paths(results) == {"/statement/actions/0"}
}

test_tf_document_deny if {
	results := p.deny with input as _tf_data({"statement": {"effect": "Deny", "actions": ["*"], "resources": ["*"]}})
	count(results) == 0
}

test_tf_document_resource_policy if {
	# a bucket or key policy (with principals) is not an identity policy
	st := {"actions": ["*"], "resources": ["*"], "principals": {"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:root"]}}
	results := p.deny with input as _tf_data({"statement": st})
	count(results) == 0
}

test_tf_document_unknown_effect if {
	results := p.deny with input as _tf_data({"statement": {"effect": "${var.effect}", "actions": ["*"], "resources": ["*"]}})
	count(results) == 0
}

# --- CloudFormation -----------------------------------------------------------------

test_cfn_managed_policy if {
	results := p.deny with input as _cfn("AWS::IAM::ManagedPolicy", {"PolicyDocument": _admin_doc})
	_paths(results) == {"/PolicyDocument/Statement/0/Action"}
}

test_cfn_policy_action_list if {
	doc := {"Statement": {"Effect": "Allow", "Action": ["iam:PassRole", "*"], "Resource": "*"}}
	results := p.deny with input as _cfn("AWS::IAM::Policy", {"PolicyName": "app", "PolicyDocument": doc})
	_paths(results) == {"/PolicyDocument/Statement/Action/1"}
}

test_cfn_role_inline_policies if {
	props := {
		"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
		"Policies": [
			{"PolicyName": "read", "PolicyDocument": _scoped_doc},
			{"PolicyName": "admin", "PolicyDocument": _admin_doc},
		],
	}
	results := p.deny with input as _cfn("AWS::IAM::Role", props)
	_paths(results) == {"/Policies/1/PolicyDocument/Statement/0/Action"}
}

test_cfn_policy_document_string if {
	results := p.deny with input as _cfn("AWS::IAM::Policy", {"PolicyDocument": json.marshal(_admin_doc)})
	_paths(results) == {"/PolicyDocument"}
}

test_cfn_scoped if {
	results := p.deny with input as _cfn("AWS::IAM::ManagedPolicy", {"PolicyDocument": _scoped_doc})
	count(results) == 0
}

test_cfn_user_without_policies if {
	results := p.deny with input as _cfn("AWS::IAM::User", {"UserName": "ci"})
	count(results) == 0
}

# --- Pulumi YAML ------------------------------------------------------------------

_pulumi(type, props) := {"resource": {
	"address": "adminPolicy",
	"type": type,
	"name": "adminPolicy",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_policy_string if {
	doc := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
	results := p.deny with input as _pulumi("aws:iam/policy:Policy", {"policy": doc})
	{r.path | some r in results} == {"/policy"}
}

test_pulumi_policy_object if {
	doc := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}, {"Effect": "Allow", "Action": ["ec2:*", "*"], "Resource": ["*"]}]}
	results := p.deny with input as _pulumi("aws:iam/rolePolicy:RolePolicy", {"policy": doc})
	{r.path | some r in results} == {"/policy/Statement/1/Action/1"}
}

test_pulumi_role_inline if {
	doc := json.marshal({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})
	results := p.deny with input as _pulumi("aws:iam/role:Role", {"inlinePolicies": [{"name": "ok", "policy": "{}"}, {"name": "admin", "policy": doc}]})
	{r.path | some r in results} == {"/inlinePolicies/1/policy"}
}

test_pulumi_good if {
	doc := json.marshal({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]})
	count(p.deny) == 0 with input as _pulumi("aws:iam/policy:Policy", {"policy": doc})
	count(p.deny) == 0 with input as _pulumi("aws:iam/policy:Policy", {"policy": "${fn::invoke(aws:iam:getPolicyDocument).json}"})
}
