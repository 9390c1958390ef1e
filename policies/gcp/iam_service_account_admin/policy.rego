# METADATA
# title: Service accounts do not hold Owner, Editor or admin roles on projects
# description: Service accounts run unattended code and their credentials end up on VMs, in CI systems and in key files, so they are the identities most often stolen. One holding Owner, Editor or an admin role (any role whose name ends in admin, such as roles/storage.admin or roles/iam.serviceAccountAdmin) hands whoever steals it control of a whole service or of the project. This flags google_project_iam_member and google_project_iam_binding (Pulumi gcp:projects:IAMMember and IAMBinding) that grant such a role to a serviceAccount member. Grant the narrower predefined or custom roles the workload actually uses.
# related_resources:
#   - https://cloud.google.com/iam/docs/best-practices-service-accounts
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam
# custom:
#   id: VGL-GCP-046
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_project_iam_member
#     - google_project_iam_binding
#     - "gcp:projects/iAMMember:IAMMember"
#     - "gcp:projects/iAMBinding:IAMBinding"
#   controls:
#     CIS-GCP-Foundations-3.0: ["1.5"]
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["7.2.2"]
#   aliases: [CKV_GCP_42]
package vigil.gcp.iam.service_account_admin

import rego.v1

_member_types := {"google_project_iam_member", "gcp:projects/iAMMember:IAMMember"}

_binding_types := {"google_project_iam_binding", "gcp:projects/iAMBinding:IAMBinding"}

_role := trim_space(input.resource.values.role)

_privileged if _role in {"roles/owner", "roles/editor"}

_privileged if {
	startswith(_role, "roles/")
	endswith(lower(_role), "admin")
}

_service_account(member) if {
	is_string(member)
	startswith(trim_space(member), "serviceAccount:")
}

_msg(member) := sprintf(
	"Service account %s is granted %s on the project: whoever obtains its credentials controls %s. Grant the narrower roles the workload actually uses.",
	[trim_space(substring(trim_space(member), count("serviceAccount:"), -1)), _role, _scope],
)

_scope := "the whole project" if _role in {"roles/owner", "roles/editor"}

_scope := "that service" if not _role in {"roles/owner", "roles/editor"}

deny contains result if {
	input.resource.type in _member_types
	_privileged
	member := input.resource.values.member
	_service_account(member)
	result := {"msg": _msg(member), "path": "/member"}
}

deny contains result if {
	input.resource.type in _binding_types
	_privileged
	members := input.resource.values.members
	is_array(members)
	some i, member in members
	_service_account(member)
	result := {"msg": _msg(member), "path": sprintf("/members/%d", [i])}
}
