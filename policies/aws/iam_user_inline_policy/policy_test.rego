package vigil.aws.iam.user_inline_policy_test

import data.vigil.aws.iam.user_inline_policy as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "alice", "type": type, "name": "alice", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

_header(results) if {
	count(results) == 1
	every r in results { not r.path }
}

test_tf_user_policy if {
	_header(p.deny) with input as _in("aws_iam_user_policy", "terraform", {"user": "${aws_iam_user.alice.name}", "policy": "{}"})
	_header(p.deny) with input as _in("aws_iam_user_policy_attachment", "terraform", {"user": "alice", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})
}

test_tf_policy_attachment if {
	{r.path | some r in p.deny} == {"/users"} with input as _in("aws_iam_policy_attachment", "terraform", {"users": ["alice"], "groups": ["ops"]})
	count(p.deny) == 0 with input as _in("aws_iam_policy_attachment", "terraform", {"users": [], "roles": ["app"]})
	count(p.deny) == 0 with input as _in("aws_iam_policy_attachment", "terraform", {"roles": ["app"]})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/Policies", "/ManagedPolicyArns"} with input as _in("AWS::IAM::User", "cloudformation", {"Policies": [{"PolicyName": "x", "PolicyDocument": {}}], "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]})
	{r.path | some r in p.deny} == {"/Users"} with input as _in("AWS::IAM::Policy", "cloudformation", {"Users": ["alice"]})
	{r.path | some r in p.deny} == {"/Users"} with input as _in("AWS::IAM::ManagedPolicy", "cloudformation", {"Users": ["alice"]})
	count(p.deny) == 0 with input as _in("AWS::IAM::User", "cloudformation", {"Groups": ["ops"]})
	count(p.deny) == 0 with input as _in("AWS::IAM::Policy", "cloudformation", {"Groups": ["ops"]})
}

test_pulumi if {
	_header(p.deny) with input as _in("aws:iam/userPolicy:UserPolicy", "pulumi", {"user": "${alice.name}"})
	_header(p.deny) with input as _in("aws:iam/userPolicyAttachment:UserPolicyAttachment", "pulumi", {"user": "alice"})
	{r.path | some r in p.deny} == {"/users"} with input as _in("aws:iam/policyAttachment:PolicyAttachment", "pulumi", {"users": ["alice"]})
}
