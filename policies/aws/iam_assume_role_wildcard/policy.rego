# METADATA
# title: IAM roles cannot be assumed by any AWS principal
# description: A role trust policy that allows the principal "*" (or {"AWS" = "*"}) without a condition lets any AWS account in the world, and any identity in it, assume the role and act with its permissions. Name the accounts, roles or services that may assume it, or restrict the statement with conditions such as aws:PrincipalOrgID or sts:ExternalId. Statements with any Condition are not reported, since whether it restricts the caller enough cannot be told in general.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: VGL-AWS-IAM-006
#   severity: critical
#   enforcement: mandatory
#   resources:
#     - aws_iam_role
#     - data.aws_iam_policy_document
#     - "AWS::IAM::Role"
#     - "aws:iam/role:Role"
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.aws.iam.assume_role_wildcard

import data.vigil.lib
import rego.v1

_values := input.resource.values

_msg := "IAM role trust policy lets any AWS principal (\"*\") assume the role without a condition, so anyone with an AWS account can act with its permissions. Name the trusted accounts, roles or services, or add a condition such as aws:PrincipalOrgID or sts:ExternalId."

_as_list(x) := x if is_array(x)

_as_list(x) := [x] if not is_array(x)

_unconditioned(s) if not lib.has_key(s, "Condition")

_unconditioned(s) if {
	is_object(s.Condition)
	count(s.Condition) == 0
}

# JSON Pointer suffix (under the statement) of the wildcard principal.
_wildcard_principal(s) := "/Principal" if s.Principal == "*"

_wildcard_principal(s) := "/Principal/AWS" if s.Principal.AWS == "*"

_wildcard_principal(s) := sprintf("/Principal/AWS/%d", [min(indexes)]) if {
	is_array(s.Principal.AWS)
	indexes := [i | some i, p in s.Principal.AWS; p == "*"]
	count(indexes) > 0
}

_open_statement(s) if {
	is_object(s)
	s.Effect == "Allow"
	_unconditioned(s)
	_wildcard_principal(s)
}

_statements(doc, prefix) := [{"path": sprintf("%s/Statement/%d", [prefix, i]), "value": s} |
	some i, s in doc.Statement
] if is_array(doc.Statement)

_statements(doc, prefix) := [{"path": sprintf("%s/Statement", [prefix]), "value": doc.Statement}] if is_object(doc.Statement)

_parsed(doc) := json.unmarshal(doc) if {
	is_string(doc)
	json.is_valid(doc)
}

_documents contains {"path": "/assume_role_policy", "value": _values.assume_role_policy} if input.resource.type == "aws_iam_role"

_documents contains {"path": "/AssumeRolePolicyDocument", "value": _values.AssumeRolePolicyDocument} if input.resource.type == "AWS::IAM::Role"

_documents contains {"path": "/assumeRolePolicy", "value": _values.assumeRolePolicy} if input.resource.type == "aws:iam/role:Role"

# A JSON string: the finding is on the attribute.
deny contains result if {
	some doc in _documents
	parsed := _parsed(doc.value)
	is_object(parsed)
	some st in _statements(parsed, "")
	_open_statement(st.value)
	result := {"msg": _msg, "path": doc.path}
}

# An object: on the principal.
deny contains result if {
	some doc in _documents
	is_object(doc.value)
	some st in _statements(doc.value, doc.path)
	_open_statement(st.value)
	result := {"msg": _msg, "path": concat("", [st.path, _wildcard_principal(st.value)])}
}

# ---------------------------------------------------------------------------
# Terraform: a data "aws_iam_policy_document" that grants sts:AssumeRole* to "*"
# (a trust policy; documents for other purposes do not grant role assumption).

_assume_action(a) if {
	is_string(a)
	lower(a) in {"*", "sts:*", "sts:assumerole", "sts:assumerolewithwebidentity", "sts:assumerolewithsaml"}
}

deny contains result if {
	input.resource.type == "aws_iam_policy_document"
	some st in lib.block_entries(_values, "statement", "")
	object.get(st.value, "effect", "Allow") == "Allow"
	count(lib.blocks(st.value, "condition")) == 0
	some a in _as_list(object.get(st.value, "actions", []))
	_assume_action(a)
	some pr in lib.block_entries(st.value, "principals", st.path)
	pr.value.type in {"AWS", "*"}
	some i, id in _as_list(pr.value.identifiers)
	id == "*"
	result := {"msg": _msg, "path": sprintf("%s/identifiers/%d", [pr.path, i])}
}
