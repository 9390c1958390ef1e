# METADATA
# title: The IAM password policy prevents reusing the last 24 passwords
# description: When users may cycle back to an earlier password, a password that leaked once stays useful to an attacker. An account password policy without password_reuse_prevention lets any earlier password be reused (the Terraform provider sets no limit), so a missing setting, or one below 24 remembered passwords (the largest value IAM accepts), is reported. This policy covers only the formats that can declare the account password policy (Terraform and Pulumi); CloudFormation has no resource for it.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy#password_reuse_prevention
# custom:
#   id: VGL-AWS-IAM-003
#   severity: low
#   enforcement: advisory
#   resources: [aws_iam_account_password_policy, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["1.9"]
#     NIST-800-53-r5: ["IA-5"]
#     PCI-DSS-4.0: ["8.3.7"]
#   aliases: [CKV_AWS_13, AWS-0056]
package vigil.aws.iam.password_policy_reuse

import rego.v1

_min := 24

_attrs := {
	"aws_iam_account_password_policy": {"name": "password_reuse_prevention", "set": "password_reuse_prevention = 24"},
	"aws:iam/accountPasswordPolicy:AccountPasswordPolicy": {"name": "passwordReusePrevention", "set": "passwordReusePrevention: 24"},
}

_num(x) := x if is_number(x)

_num(x) := to_number(x) if {
	is_string(x)
	regex.match(`^[0-9]+$`, x)
}

deny contains result if {
	a := _attrs[input.resource.type]
	object.get(input.resource.values, a.name, null) == null
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("Account password policy does not set %s, so users may reuse any earlier password, including one that leaked. Set %s.", [a.name, a.set]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": _min}],
	}
}

deny contains result if {
	a := _attrs[input.resource.type]
	n := _num(input.resource.values[a.name])
	n < _min
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("Account password policy remembers only the last %v passwords, so users can soon cycle back to an old one. Set %s.", [n, a.set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _min}],
	}
}
