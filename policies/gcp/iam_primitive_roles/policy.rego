# METADATA
# title: IAM does not grant Owner or Editor to people
# description: The basic roles Owner and Editor grant thousands of permissions across almost every service of a project (Owner also manages IAM itself), far more than any one person's job needs, so a phished account or a mistake affects everything. This flags project, folder and organization IAM members and bindings (google_*_iam_member and google_*_iam_binding, and their Pulumi IAMMember and IAMBinding resources) that grant roles/owner or roles/editor to a user or a group. Grant predefined or custom roles scoped to what the person does, and keep owners to a break-glass group.
# related_resources:
#   - https://cloud.google.com/iam/docs/understanding-roles#basic
#   - https://cloud.google.com/iam/docs/using-iam-securely
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam
# custom:
#   id: VGL-GCP-035
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_project_iam_member
#     - google_project_iam_binding
#     - google_folder_iam_member
#     - google_folder_iam_binding
#     - google_organization_iam_member
#     - google_organization_iam_binding
#     - "gcp:projects/iAMMember:IAMMember"
#     - "gcp:projects/iAMBinding:IAMBinding"
#     - "gcp:folder/iAMMember:IAMMember"
#     - "gcp:folder/iAMBinding:IAMBinding"
#     - "gcp:organizations/iAMMember:IAMMember"
#     - "gcp:organizations/iAMBinding:IAMBinding"
#   controls:
#     NIST-800-53-r5: ["AC-2", "AC-6"]
#     PCI-DSS-4.0: ["7.2.2"]
package vigil.gcp.iam.primitive_roles

import rego.v1

_member_types := {
	"google_project_iam_member", "google_folder_iam_member", "google_organization_iam_member",
	"gcp:projects/iAMMember:IAMMember", "gcp:folder/iAMMember:IAMMember", "gcp:organizations/iAMMember:IAMMember",
}

_binding_types := {
	"google_project_iam_binding", "google_folder_iam_binding", "google_organization_iam_binding",
	"gcp:projects/iAMBinding:IAMBinding", "gcp:folder/iAMBinding:IAMBinding", "gcp:organizations/iAMBinding:IAMBinding",
}

_basic := {"roles/owner": "Owner", "roles/editor": "Editor"}

_role_name := _basic[trim_space(input.resource.values.role)]

_person(member) if {
	is_string(member)
	some prefix in ["user:", "group:"]
	startswith(lower(trim_space(member)), prefix)
}

_msg(member) := sprintf(
	"%s is granted the basic %s role: it covers almost every permission of every service%s, far more than one person's job needs. Grant predefined or custom roles scoped to the work instead.",
	[trim_space(member), _role_name, _owner_extra],
)

_owner_extra := ", IAM included" if _role_name == "Owner"

_owner_extra := "" if _role_name != "Owner"

deny contains result if {
	input.resource.type in _member_types
	member := input.resource.values.member
	_person(member)
	result := {"msg": _msg(member), "path": "/member"}
}

deny contains result if {
	input.resource.type in _binding_types
	members := input.resource.values.members
	is_array(members)
	some i, member in members
	_person(member)
	result := {"msg": _msg(member), "path": sprintf("/members/%d", [i])}
}
