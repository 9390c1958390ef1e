# METADATA
# title: Secret Manager secrets are not shared with allUsers or allAuthenticatedUsers
# description: A secret's IAM role granted to allUsers lets anyone on the internet use it, and one granted to allAuthenticatedUsers anyone with any Google account, which is effectively the same; with roles/secretmanager.secretAccessor they read the secret's value, a password, key or token. This flags google_secret_manager_secret_iam_member and _iam_binding (Pulumi gcp:secretmanager:SecretIamMember and SecretIamBinding) that name either principal. Grant access to the service accounts of the workloads that need the secret.
# related_resources:
#   - https://cloud.google.com/secret-manager/docs/access-control
# custom:
#   id: VGL-GCP-057
#   severity: critical
#   enforcement: mandatory
#   resources:
#     - google_secret_manager_secret_iam_member
#     - google_secret_manager_secret_iam_binding
#     - "gcp:secretmanager/secretIamMember:SecretIamMember"
#     - "gcp:secretmanager/secretIamBinding:SecretIamBinding"
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["7.2.1"]
package vigil.gcp.secretmanager.secret_public

import rego.v1

_member_types := {"google_secret_manager_secret_iam_member", "gcp:secretmanager/secretIamMember:SecretIamMember"}

_binding_types := {"google_secret_manager_secret_iam_binding", "gcp:secretmanager/secretIamBinding:SecretIamBinding"}

_public(x) if {
	is_string(x)
	lower(trim_space(x)) in {"allusers", "allauthenticatedusers"}
}

_role := sprintf("role %s", [input.resource.values.role]) if is_string(input.resource.values.role)

_role := "a role" if not is_string(input.resource.values.role)

_who(member) := "anyone on the internet" if lower(trim_space(member)) == "allusers"

_who(member) := "anyone with a Google account" if lower(trim_space(member)) != "allusers"

_msg(member) := sprintf(
	"%s is granted to %s: %s can use the secret, and with secretAccessor read its value. Grant it to specific users, groups or service accounts instead.",
	[_role, trim_space(member), _who(member)],
)

deny contains result if {
	input.resource.type in _member_types
	member := input.resource.values.member
	_public(member)
	result := {"msg": _msg(member), "path": "/member"}
}

deny contains result if {
	input.resource.type in _binding_types
	members := input.resource.values.members
	is_array(members)
	some i, member in members
	_public(member)
	result := {"msg": _msg(member), "path": sprintf("/members/%d", [i])}
}
