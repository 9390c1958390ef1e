# METADATA
# title: IAM policies do not grant every action on every resource
# description: A statement that allows Action "*" on Resource "*" hands out full administrator rights, so one leaked credential or misused role can change or delete anything in the account. Grant the specific actions and resources each principal needs, and keep full administrator access to a few tightly controlled roles.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
# custom:
#   id: VGL-AWS-IAM-001
#   severity: high
#   enforcement: mandatory
#   resources:
#     - aws_iam_policy
#     - aws_iam_role_policy
#     - aws_iam_user_policy
#     - aws_iam_group_policy
#     - aws_iam_role
#     - data.aws_iam_policy_document
#     - "AWS::IAM::Policy"
#     - "AWS::IAM::ManagedPolicy"
#     - "AWS::IAM::Role"
#     - "AWS::IAM::User"
#     - "AWS::IAM::Group"
#     - "aws:iam/policy:Policy"
#     - "aws:iam/rolePolicy:RolePolicy"
#     - "aws:iam/userPolicy:UserPolicy"
#     - "aws:iam/groupPolicy:GroupPolicy"
#     - "aws:iam/role:Role"
#   controls:
#     CIS-AWS-Foundations-3.0: ["1.16"]
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["7.2.1", "7.2.2"]
#   aliases: [CKV_AWS_1, CKV_AWS_62, AWS-0057]
package vigil.aws.iam.admin_policy

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_values := input.resource.values

_msg := "IAM policy statement allows every action (\"*\") on every resource (\"*\"), which is full administrator access. Grant only the actions and resources that are needed."

# ---------------------------------------------------------------------------
# Policy documents in the JSON grammar (Effect / Action / Resource).

_wildcard(x) if x == "*"

_wildcard(x) if {
	is_array(x)
	"*" in x
}

# Identity policies have no Principal; statements with one belong to resource policies.
_admin_statement(s) if {
	is_object(s)
	s.Effect == "Allow"
	not lib.has_key(s, "Principal")
	not lib.has_key(s, "NotPrincipal")
	_wildcard(s.Action)
	_wildcard(s.Resource)
}

# The statements of a document, each with its JSON Pointer under prefix.
_statements(doc, prefix) := [{"path": sprintf("%s/Statement/%d", [prefix, i]), "value": s} |
	some i, s in doc.Statement
] if is_array(doc.Statement)

_statements(doc, prefix) := [{"path": sprintf("%s/Statement", [prefix]), "value": doc.Statement}] if is_object(doc.Statement)

# JSON Pointer of the "*" action of statement s at p.
_action_path(s, p) := sprintf("%s/Action", [p]) if s.Action == "*"

_action_path(s, p) := sprintf("%s/Action/%d", [p, min([j | some j, a in s.Action; a == "*"])]) if is_array(s.Action)

# A document given as a JSON string (Terraform `policy`, or a CloudFormation string).
_parsed(doc) := json.unmarshal(doc) if {
	is_string(doc)
	json.is_valid(doc)
}

_admin_json_string(doc) if {
	parsed := _parsed(doc)
	is_object(parsed)
	some st in _statements(parsed, "")
	_admin_statement(st.value)
}

# ---------------------------------------------------------------------------
# Terraform: `policy` JSON strings. The finding is on the attribute: a string has no
# inner pointers.

deny contains result if {
	_tf
	input.resource.type in {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}
	_admin_json_string(_values.policy)
	result := {"msg": _msg, "path": "/policy"}
}

# Terraform: inline_policy blocks of aws_iam_role.
deny contains result if {
	_tf
	input.resource.type == "aws_iam_role"
	some block in lib.block_entries(_values, "inline_policy", "")
	_admin_json_string(block.value.policy)
	result := {"msg": _msg, "path": sprintf("%s/policy", [block.path])}
}

# Terraform: data "aws_iam_policy_document" statements (effect defaults to Allow).
deny contains result if {
	_tf
	input.resource.type == "aws_iam_policy_document"
	some st in lib.block_entries(_values, "statement", "")
	object.get(st.value, "effect", "Allow") == "Allow"
	not lib.has_key(st.value, "principals")
	not lib.has_key(st.value, "not_principals")
	actions := st.value.actions
	is_array(actions)
	resources := st.value.resources
	is_array(resources)
	"*" in resources
	i := min([j | some j, a in actions; a == "*"])
	result := {"msg": _msg, "path": sprintf("%s/actions/%d", [st.path, i])}
}

# ---------------------------------------------------------------------------
# CloudFormation: PolicyDocument objects (or JSON strings).

_cfn_documents contains {"path": "/PolicyDocument", "value": _values.PolicyDocument} if {
	input.resource.type in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
}

_cfn_documents contains {"path": sprintf("/Policies/%d/PolicyDocument", [i]), "value": policy.PolicyDocument} if {
	input.resource.type in {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}
	is_array(_values.Policies)
	some i, policy in _values.Policies
}

deny contains result if {
	_cfn
	some doc in _cfn_documents
	is_object(doc.value)
	some st in _statements(doc.value, doc.path)
	_admin_statement(st.value)
	result := {"msg": _msg, "path": _action_path(st.value, st.path)}
}

deny contains result if {
	_cfn
	some doc in _cfn_documents
	_admin_json_string(doc.value)
	result := {"msg": _msg, "path": doc.path}
}

# ---------------------------------------------------------------------------
# Pulumi YAML: `policy` as a JSON string (a literal, or `fn::toJSON`, which Vigil
# evaluates to one) or as an object; inlinePolicies[].policy of aws:iam:Role.

_pulumi if input.resource.source == "pulumi"

_pulumi_documents contains {"path": "/policy", "value": _values.policy} if {
	input.resource.type in {"aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"}
}

_pulumi_documents contains {"path": sprintf("%s/policy", [block.path]), "value": block.value.policy} if {
	input.resource.type == "aws:iam/role:Role"
	some block in lib.block_entries(_values, "inlinePolicies", "")
}

deny contains result if {
	_pulumi
	some doc in _pulumi_documents
	_admin_json_string(doc.value)
	result := {"msg": _msg, "path": doc.path}
}

deny contains result if {
	_pulumi
	some doc in _pulumi_documents
	is_object(doc.value)
	some st in _statements(doc.value, doc.path)
	_admin_statement(st.value)
	result := {"msg": _msg, "path": _action_path(st.value, st.path)}
}
