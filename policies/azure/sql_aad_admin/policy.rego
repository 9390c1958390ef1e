# METADATA
# title: Azure SQL servers have a Microsoft Entra administrator
# description: Without a Microsoft Entra (Azure AD) administrator, a logical SQL server accepts only SQL logins, whose passwords are managed by hand, are not covered by MFA or Conditional Access, and are not revoked when people leave. azurerm and the Pulumi Azure classic provider configure no Entra administrator unless the azuread_administrator block (or the legacy azurerm_sql_active_directory_administrator resource) is written, so a server without either in the same configuration is reported. Add an azuread_administrator block naming an Entra group, and consider azuread_authentication_only = true.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/authentication-aad-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server#azuread_administrator
# custom:
#   id: VGL-AZURE-018
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_mssql_server, "azure:mssql/server:Server"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["4.1.4"]
#     NIST-800-53-r5: ["AC-2", "IA-2"]
#     PCI-DSS-4.0: ["8.2.1"]
package vigil.azure.sql.aad_admin

import data.vigil.lib.input_referrers
import rego.v1

_key := {"azurerm_mssql_server": "azuread_administrator", "azure:mssql/server:Server": "azureadAdministrator"}

_admin_types := {"azurerm_sql_active_directory_administrator", "azure:sql/activeDirectoryAdministrator:ActiveDirectoryAdministrator"}

_has_admin if {
	block := input.resource.values[_key[input.resource.type]]
	block != null
	block != []
}

# The legacy separate resource, which names the server.
_has_admin if {
	some ref in input_referrers
	ref.type in _admin_types
}

deny contains result if {
	key := _key[input.resource.type]
	not _has_admin
	result := {
		"msg": sprintf(
			"SQL server \"%s\" has no Microsoft Entra administrator, so it accepts only SQL logins, whose passwords escape MFA, Conditional Access and leaver processes. Add an %s block naming an Entra group.",
			[input.resource.name, key],
		),
		"path": sprintf("/%s", [key]),
	}
}
