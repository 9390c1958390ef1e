# METADATA
# title: Service Account User and Token Creator are not granted on whole projects
# description: Service Account User lets a principal run workloads as a service account (attach it to a VM, a function or a job), and Service Account Token Creator lets it mint the account's tokens. Granted on a project, either role covers every service account of the project, present and future, including highly privileged ones such as the Compute Engine default account, which is a direct path to privilege escalation. This flags google_project_iam_member and google_project_iam_binding (Pulumi gcp:projects:IAMMember and IAMBinding) that grant roles/iam.serviceAccountUser or roles/iam.serviceAccountTokenCreator. Grant them on the individual service account instead (google_service_account_iam_member).
# related_resources:
#   - https://cloud.google.com/iam/docs/service-account-permissions
#   - https://cloud.google.com/iam/docs/best-practices-service-accounts
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_service_account_iam
# custom:
#   id: VGL-GCP-036
#   severity: high
#   enforcement: mandatory
#   resources:
#     - google_project_iam_member
#     - google_project_iam_binding
#     - "gcp:projects/iAMMember:IAMMember"
#     - "gcp:projects/iAMBinding:IAMBinding"
#   controls:
#     CIS-GCP-Foundations-3.0: ["1.6"]
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["7.2.2"]
#   aliases: [CKV_GCP_41]
package vigil.gcp.iam.service_account_user_project

import rego.v1

_roles := {
	"roles/iam.serviceAccountUser": "Service Account User",
	"roles/iam.serviceAccountTokenCreator": "Service Account Token Creator",
}

_member_types := {"google_project_iam_member", "gcp:projects/iAMMember:IAMMember"}

_binding_types := {"google_project_iam_binding", "gcp:projects/iAMBinding:IAMBinding"}

_role := input.resource.values.role

_role_name := _roles[trim_space(_role)]

_msg := sprintf(
	"%s (%s) is granted on the whole project: it covers every service account of the project, including privileged ones, which is a direct path to privilege escalation. Grant it on the specific service account with google_service_account_iam_member instead.",
	[trim_space(_role), _role_name],
)

deny contains result if {
	input.resource.type in _member_types
	_role_name
	result := {"msg": _msg, "path": "/role"}
}

deny contains result if {
	input.resource.type in _binding_types
	_role_name
	members := input.resource.values.members
	not _empty(members)
	result := {"msg": _msg, "path": "/role"}
}

_empty(members) if members == []
