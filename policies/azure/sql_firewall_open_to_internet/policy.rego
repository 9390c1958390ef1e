# METADATA
# title: Azure SQL firewall rules do not admit the whole internet
# description: A server-level firewall rule from 0.0.0.0 to 255.255.255.255 lets every address on the internet reach the SQL server's login endpoint, leaving only passwords between attackers and every database of the server. This checks azurerm_mssql_firewall_rule and the legacy azurerm_sql_firewall_rule (and their Pulumi Azure classic equivalents). The special rule from 0.0.0.0 to 0.0.0.0 ("Allow Azure services and resources to access this server") is not reported here; it admits connections from Azure's address space, including other customers' subscriptions, but not the internet at large, and is a deliberate integration choice rather than an open door. Replace the rule with rules for the address ranges that need the server, or use private endpoints.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_firewall_rule
# custom:
#   id: VGL-AZURE-016
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_mssql_firewall_rule, azurerm_sql_firewall_rule, "azure:mssql/firewallRule:FirewallRule", "azure:sql/firewallRule:FirewallRule"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["4.1.2"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_AZURE_11]
package vigil.azure.sql.firewall_open_to_internet

import rego.v1

_names := {
	"azurerm_mssql_firewall_rule": ["start_ip_address", "end_ip_address"],
	"azurerm_sql_firewall_rule": ["start_ip_address", "end_ip_address"],
	"azure:mssql/firewallRule:FirewallRule": ["startIpAddress", "endIpAddress"],
	"azure:sql/firewallRule:FirewallRule": ["startIpAddress", "endIpAddress"],
}

_ip(v) := trim_space(v) if is_string(v)

deny contains result if {
	keys := _names[input.resource.type]
	_ip(input.resource.values[keys[0]]) == "0.0.0.0"
	_ip(input.resource.values[keys[1]]) == "255.255.255.255"
	result := {
		"msg": sprintf(
			"SQL firewall rule \"%s\" admits every address from 0.0.0.0 to 255.255.255.255, so the whole internet can reach the server's login endpoint. Allow only the address ranges that need the server (set %s and %s to them), or use a private endpoint.",
			[input.resource.name, keys[0], keys[1]],
		),
		"path": sprintf("/%s", [keys[1]]),
	}
}
