# METADATA
# title: Azure SQL servers disable public network access
# description: A logical SQL server with public network access enabled has an endpoint on the internet, guarded only by its server-level firewall rules and logins, so one overly broad firewall rule or a weak password exposes every database on it. azurerm and the Pulumi Azure classic provider default public_network_access_enabled to true, so a server that leaves it out is reported. Reach the server through private endpoints and set public_network_access_enabled = false; firewall rules then no longer apply.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#deny-public-network-access
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server
# custom:
#   id: VGL-AZURE-015
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_mssql_server, "azure:mssql/server:Server"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.4.1"]
#   aliases: [CKV_AZURE_113]
package vigil.azure.sql.public_network_access

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_mssql_server", "path": "/public_network_access_enabled", "good": [false],
		"missing": true, "fix": false, "fix_safety": "unsafe",
		"msg": "This SQL server accepts connections from public networks (public_network_access_enabled is {value}; the default is true), guarded only by firewall rules and logins. Connect through a private endpoint and set public_network_access_enabled = false.",
	},
	{
		"type": "azure:mssql/server:Server", "path": "/publicNetworkAccessEnabled", "good": [false],
		"missing": true, "fix": false, "fix_safety": "unsafe",
		"msg": "This SQL server accepts connections from public networks (publicNetworkAccessEnabled is {value}; the default is true), guarded only by firewall rules and logins. Connect through a private endpoint and set publicNetworkAccessEnabled: false.",
	},
]

deny contains result if some result in settings.check(_specs)
