# METADATA
# title: Cloud Audit Logs exempt no principals
# description: An audit config's exempted_members are left out of the data-access (and admin-read) audit logs it turns on, so whatever those users or service accounts read or change leaves no trace, which is exactly what an insider, or an attacker holding one of those accounts, would want. This flags every exempted member of the audit_log_config blocks of google_project_iam_audit_config, google_folder_iam_audit_config and google_organization_iam_audit_config (auditLogConfigs[].exemptedMembers in Pulumi). Remove the exemptions; reduce log volume with exclusion filters on sinks instead, which keep the audit records available.
# related_resources:
#   - https://cloud.google.com/logging/docs/audit/configure-data-access
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam#google_project_iam_audit_config
# custom:
#   id: VGL-GCP-060
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_project_iam_audit_config
#     - google_folder_iam_audit_config
#     - google_organization_iam_audit_config
#     - "gcp:projects/iAMAuditConfig:IAMAuditConfig"
#     - "gcp:folder/iamAuditConfig:IamAuditConfig"
#     - "gcp:organizations/iamAuditConfig:IamAuditConfig"
#   controls:
#     CIS-GCP-Foundations-3.0: ["2.1"]
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
package vigil.gcp.iam.audit_log_exemptions

import data.vigil.lib
import rego.v1

_names := {
	"google_project_iam_audit_config": {"configs": "audit_log_config", "exempted": "exempted_members", "log_type": "log_type"},
	"google_folder_iam_audit_config": {"configs": "audit_log_config", "exempted": "exempted_members", "log_type": "log_type"},
	"google_organization_iam_audit_config": {"configs": "audit_log_config", "exempted": "exempted_members", "log_type": "log_type"},
	"gcp:projects/iAMAuditConfig:IAMAuditConfig": {"configs": "auditLogConfigs", "exempted": "exemptedMembers", "log_type": "logType"},
	"gcp:folder/iamAuditConfig:IamAuditConfig": {"configs": "auditLogConfigs", "exempted": "exemptedMembers", "log_type": "logType"},
	"gcp:organizations/iamAuditConfig:IamAuditConfig": {"configs": "auditLogConfigs", "exempted": "exemptedMembers", "log_type": "logType"},
}

_n := _names[input.resource.type]

_service := s if {
	s := input.resource.values.service
	is_string(s)
}

_service := "the service" if not is_string(input.resource.values.service)

deny contains result if {
	_n
	some config in lib.block_entries(input.resource.values, _n.configs, "")
	is_object(config.value)
	members := config.value[_n.exempted]
	is_array(members)
	some i, member in members
	is_string(member)
	path := sprintf("%s/%s/%d", [config.path, _n.exempted, i])
	result := {
		"msg": sprintf(
			"%s is exempted from the %v audit logs of %s: what it reads or changes leaves no audit trail. Remove the exemption, and reduce log volume with sink exclusion filters instead.",
			[member, object.get(config.value, _n.log_type, "configured"), _service],
		),
		"path": path,
		"fix": [{"op": "remove", "path": path}],
		"fix_safety": "unsafe",
	}
}
