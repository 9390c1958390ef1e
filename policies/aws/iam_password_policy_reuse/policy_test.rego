package vigil.aws.iam.password_policy_reuse_test

import data.vigil.aws.iam.password_policy_reuse as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "strict", "type": type, "name": "strict", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_iam_account_password_policy", "terraform", {"minimum_password_length": 14})
	count(results) == 1
	some r in results
	r.path == "/password_reuse_prevention"
	r.fix == [{"op": "add", "path": "/password_reuse_prevention", "value": 24}]
}

test_tf_low if {
	results := p.deny with input as _in("aws_iam_account_password_policy", "terraform", {"password_reuse_prevention": 5})
	some r in results
	r.fix == [{"op": "replace", "path": "/password_reuse_prevention", "value": 24}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_iam_account_password_policy", "terraform", {"password_reuse_prevention": 24})
	count(p.deny) == 0 with input as _in("aws_iam_account_password_policy", "terraform", {"password_reuse_prevention": "${var.reuse}"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/passwordReusePrevention"} with input as _in("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pulumi", {"minimumPasswordLength": 14})
	{r.path | some r in p.deny} == {"/passwordReusePrevention"} with input as _in("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pulumi", {"passwordReusePrevention": 12})
	count(p.deny) == 0 with input as _in("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pulumi", {"passwordReusePrevention": 24})
}
