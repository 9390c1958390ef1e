# METADATA
# title: Azure SQL audit logs are kept for at least 90 days
# description: Audit records are what an investigation of a database breach relies on, and breaches are often found weeks or months after they happen; audit logs written to a storage account and deleted after a few days leave nothing to investigate. azurerm and the Pulumi Azure classic provider default retention_in_days to 0, which keeps the audit logs indefinitely, so an auditing policy that leaves it out is not reported; a retention between 1 and 89 days is. This checks server and database extended auditing policies. Set retention_in_days to 90 or more, or 0 to keep the logs indefinitely.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server_extended_auditing_policy#retention_in_days
# custom:
#   id: VGL-AZURE-039
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_mssql_server_extended_auditing_policy, azurerm_mssql_database_extended_auditing_policy, "azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy", "azure:mssql/databaseExtendedAuditingPolicy:DatabaseExtendedAuditingPolicy"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["4.1.6"]
#     NIST-800-53-r5: ["AU-11"]
#     PCI-DSS-4.0: ["10.5.1"]
#   aliases: [CKV_AZURE_24]
package vigil.azure.sql.auditing_retention

import rego.v1

_key := "retentionInDays" if startswith(input.resource.type, "azure:")

_key := "retention_in_days" if not startswith(input.resource.type, "azure:")

_number(x) := x if is_number(x)

_number(x) := to_number(x) if {
	is_string(x)
	regex.match(`^[0-9]+$`, x)
}

deny contains result if {
	days := _number(input.resource.values[_key])
	days > 0
	days < 90
	path := sprintf("/%s", [_key])
	result := {
		"msg": sprintf(
			"SQL auditing policy \"%s\" keeps audit logs for only %d days, too short to investigate most breaches, which are found weeks later. Set %s to 90 or more (0 keeps them indefinitely).",
			[input.resource.name, days, _key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": 90}],
	}
}
