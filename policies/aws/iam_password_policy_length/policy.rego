# METADATA
# title: The IAM password policy requires at least 14 characters
# description: Short console passwords fall to guessing and cracking far sooner than long ones. When an account password policy leaves the minimum length out, the Terraform provider sets it to 6 characters, so a missing or smaller minimum_password_length is reported; 14 or more is accepted. This policy covers only the formats that can declare the account password policy (Terraform and Pulumi); CloudFormation has no resource for it. Raising the minimum applies when users next change their passwords.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy#minimum_password_length
# custom:
#   id: VGL-AWS-IAM-002
#   severity: medium
#   enforcement: advisory
#   resources: [aws_iam_account_password_policy, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["1.8"]
#     NIST-800-53-r5: ["IA-5"]
#     PCI-DSS-4.0: ["8.3.6"]
#   aliases: [CKV_AWS_10, AWS-0063]
package vigil.aws.iam.password_policy_length

import rego.v1

_min := 14

_attrs := {
	"aws_iam_account_password_policy": {"name": "minimum_password_length", "set": "minimum_password_length = 14"},
	"aws:iam/accountPasswordPolicy:AccountPasswordPolicy": {"name": "minimumPasswordLength", "set": "minimumPasswordLength: 14"},
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
		"msg": sprintf("Account password policy does not set %s, so passwords may be as short as 6 characters. Set %s or more.", [a.name, a.set]),
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
		"msg": sprintf("Account password policy allows passwords of %v characters, short enough to guess or crack. Set %s or more.", [n, a.set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _min}],
	}
}
