package vigil.aws.iam.password_policy_length_test

import data.vigil.aws.iam.password_policy_length as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "strict", "type": type, "name": "strict", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_iam_account_password_policy", "terraform", {"require_symbols": true})
	count(results) == 1
	some r in results
	r.path == "/minimum_password_length"
	r.fix == [{"op": "add", "path": "/minimum_password_length", "value": 14}]
}

test_tf_short if {
	results := p.deny with input as _in("aws_iam_account_password_policy", "terraform", {"minimum_password_length": 8})
	some r in results
	r.fix == [{"op": "replace", "path": "/minimum_password_length", "value": 14}]
	count(p.deny) == 1 with input as _in("aws_iam_account_password_policy", "terraform", {"minimum_password_length": "12"})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_iam_account_password_policy", "terraform", {"minimum_password_length": 14})
	count(p.deny) == 0 with input as _in("aws_iam_account_password_policy", "terraform", {"minimum_password_length": 32})
	count(p.deny) == 0 with input as _in("aws_iam_account_password_policy", "terraform", {"minimum_password_length": "${var.length}"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/minimumPasswordLength"} with input as _in("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pulumi", {"requireNumbers": true})
	{r.path | some r in p.deny} == {"/minimumPasswordLength"} with input as _in("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pulumi", {"minimumPasswordLength": 10})
	count(p.deny) == 0 with input as _in("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pulumi", {"minimumPasswordLength": 14})
}
