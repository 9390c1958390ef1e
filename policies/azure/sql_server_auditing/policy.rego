# METADATA
# title: Azure SQL servers have auditing enabled
# description: Server-level auditing records logins, permission changes and queries on every database of a logical SQL server; without it there is no trail to detect misuse or investigate a breach. Azure turns auditing off on a new server, and azurerm and the Pulumi Azure classic provider configure it only through a separate azurerm_mssql_server_extended_auditing_policy (mssql.ServerExtendedAuditingPolicy) resource, or the inline extended_auditing_policy block of older provider versions. A server with neither in the same configuration is reported; a policy resource with enabled = false does not count. Auditing configured outside this configuration (by Azure Policy, or in another module) is not visible here; suppress the finding there.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server_extended_auditing_policy
# custom:
#   id: VGL-AZURE-017
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_mssql_server, "azure:mssql/server:Server"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["4.1.1"]
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AZURE_23, AZU-0027]
package vigil.azure.sql.server_auditing

import data.vigil.lib
import data.vigil.lib.input_referrers
import rego.v1

_values := input.resource.values

_inline := {"azurerm_mssql_server": "extended_auditing_policy", "azure:mssql/server:Server": "extendedAuditingPolicy"}

# An inline block (azurerm 2.x).
_audited if {
	block := _values[_inline[input.resource.type]]
	block != null
	block != []
}

# A separate policy resource whose server_id refers to this server.
_audited if {
	input.resource.type == "azurerm_mssql_server"
	some ref in input_referrers
	ref.type == "azurerm_mssql_server_extended_auditing_policy"
	ref.pointer == "/server_id"
	policy := lib.stack_resource_at("azurerm_mssql_server_extended_auditing_policy", ref.address)
	not lib.is_false(object.get(policy.values, "enabled", true))
}

_audited if {
	input.resource.type == "azure:mssql/server:Server"
	some ref in input_referrers
	ref.type == "azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy"
	ref.pointer == "/serverId"
	policy := lib.stack_resource_at("azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy", ref.address)
	not lib.is_false(object.get(policy.values, "enabled", true))
}

_policy_type := {
	"azurerm_mssql_server": "azurerm_mssql_server_extended_auditing_policy",
	"azure:mssql/server:Server": "azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy",
}

deny contains result if {
	not _audited
	key := _inline[input.resource.type]
	result := {
		"msg": sprintf(
			"SQL server \"%s\" has no auditing: no %s resource of this configuration enables it, so logins, permission changes and queries leave no trail. Add a %s with this server's id (to a storage account or Log Analytics workspace).",
			[input.resource.name, _policy_type[input.resource.type], _policy_type[input.resource.type]],
		),
		"path": sprintf("/%s", [key]),
	}
}
