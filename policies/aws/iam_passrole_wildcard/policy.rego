# METADATA
# title: IAM policies do not allow passing any role
# description: iam:PassRole lets a principal hand an IAM role to a service (an EC2 instance, a Lambda function, a CloudFormation stack, a Glue job). Allowed on Resource "*", it lets the principal give any role of the account, administrator roles included, to a resource it controls, and so act with that role's permissions, a common privilege escalation path. Name the roles that may be passed (their ARNs) or restrict the statement with an iam:PassedToService condition. Statements that allow every action ("*") on every resource are reported by VGL-AWS-IAM-001 instead; statements with a Principal (resource policies) are not checked.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
# custom:
#   id: VGL-AWS-IAM-005
#   severity: high
#   enforcement: advisory
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
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["7.2.2"]
package vigil.aws.iam.passrole_wildcard

import data.vigil.lib
import rego.v1

_values := input.resource.values

_msg := "IAM policy statement allows iam:PassRole on every resource (\"*\"), so the principal can give any role of the account, administrator roles included, to a service it controls. List the ARNs of the roles it may pass, or add an iam:PassedToService condition."

# ---------------------------------------------------------------------------
# Actions: an action pattern that matches iam:PassRole ("iam:PassRole", "iam:*",
# "iam:Pass*", any case), other than "*" alone (VGL-AWS-IAM-001's case when the
# resource is "*" too).

_glob_regex(pattern) := concat("", ["^", replace(replace(regex.replace(lower(pattern), `[.+()\[\]{}^$|\\]`, "."), "*", ".*"), "?", "."), "$"])

_passrole_action(a) if {
	is_string(a)
	a != "*"
	regex.match(_glob_regex(a), "iam:passrole")
}

_as_list(x) := x if is_array(x)

_as_list(x) := [x] if is_string(x)

_any_resource(x) if "*" in _as_list(x)

_restricted(s) if {
	some _, conds in object.get(s, "Condition", {})
	is_object(conds)
	some key, _ in conds
	lower(key) == "iam:passedtoservice"
}

# The index of the first action of statement s that allows passing roles.
_action_path(s, p) := sprintf("%s/Action", [p]) if _passrole_action(s.Action)

_action_path(s, p) := sprintf("%s/Action/%d", [p, min(indexes)]) if {
	is_array(s.Action)
	indexes := [j | some j, a in s.Action; _passrole_action(a)]
	count(indexes) > 0
}

_passrole_statement(s) if {
	is_object(s)
	s.Effect == "Allow"
	not lib.has_key(s, "Principal")
	not lib.has_key(s, "NotPrincipal")
	some a in _as_list(s.Action)
	_passrole_action(a)
	_any_resource(s.Resource)
	not _restricted(s)
}

_statements(doc, prefix) := [{"path": sprintf("%s/Statement/%d", [prefix, i]), "value": s} |
	some i, s in doc.Statement
] if is_array(doc.Statement)

_statements(doc, prefix) := [{"path": sprintf("%s/Statement", [prefix]), "value": doc.Statement}] if is_object(doc.Statement)

_parsed(doc) := json.unmarshal(doc) if {
	is_string(doc)
	json.is_valid(doc)
}

_bad_json_string(doc) if {
	parsed := _parsed(doc)
	is_object(parsed)
	some st in _statements(parsed, "")
	_passrole_statement(st.value)
}

# ---------------------------------------------------------------------------
# Where documents are: (path, value) per format.

_string_documents contains {"path": "/policy", "value": _values.policy} if {
	input.resource.type in {
		"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy",
		"aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy",
	}
}

_string_documents contains {"path": sprintf("%s/policy", [block.path]), "value": block.value.policy} if {
	input.resource.type == "aws_iam_role"
	some block in lib.block_entries(_values, "inline_policy", "")
}

_string_documents contains {"path": sprintf("%s/policy", [block.path]), "value": block.value.policy} if {
	input.resource.type == "aws:iam/role:Role"
	some block in lib.block_entries(_values, "inlinePolicies", "")
}

_string_documents contains {"path": "/PolicyDocument", "value": _values.PolicyDocument} if {
	input.resource.type in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
}

_string_documents contains {"path": sprintf("/Policies/%d/PolicyDocument", [i]), "value": policy.PolicyDocument} if {
	input.resource.type in {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}
	is_array(_values.Policies)
	some i, policy in _values.Policies
}

# A document given as a JSON string: the finding is on the attribute.
deny contains result if {
	input.resource.mode == "managed"
	some doc in _string_documents
	_bad_json_string(doc.value)
	result := {"msg": _msg, "path": doc.path}
}

# A document given as an object (CloudFormation, Pulumi): on the action.
deny contains result if {
	input.resource.mode == "managed"
	some doc in _string_documents
	is_object(doc.value)
	some st in _statements(doc.value, doc.path)
	_passrole_statement(st.value)
	result := {"msg": _msg, "path": _action_path(st.value, st.path)}
}

# ---------------------------------------------------------------------------
# Terraform: data "aws_iam_policy_document" statements (effect defaults to Allow).

_tf_restricted(st) if {
	some c in lib.blocks(st, "condition")
	is_string(c.variable)
	lower(c.variable) == "iam:passedtoservice"
}

deny contains result if {
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
	not _tf_restricted(st.value)
	i := min([j | some j, a in actions; _passrole_action(a)])
	result := {"msg": _msg, "path": sprintf("%s/actions/%d", [st.path, i])}
}
