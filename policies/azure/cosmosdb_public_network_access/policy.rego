# METADATA
# title: Cosmos DB accounts restrict network access
# description: A Cosmos DB account with public network access and neither an IP firewall nor virtual network filtering accepts connections from every network, so its account keys or a leaked resource token are usable from anywhere on the internet. azurerm and the Pulumi Azure classic provider default public_network_access_enabled to true, is_virtual_network_filter_enabled to false and set no ip_range_filter, so an account that leaves all three out is reported. An account with public access disabled (private endpoints), an IP range filter, or virtual network filtering is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-firewall
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/cosmosdb_account
# custom:
#   id: VGL-AZURE-023
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_cosmosdb_account, "azure:cosmosdb/account:Account"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["4.5.1"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
package vigil.azure.cosmosdb.public_network_access

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"azurerm_cosmosdb_account": {"public": "public_network_access_enabled", "vnet": "is_virtual_network_filter_enabled", "ip": ["ip_range_filter"]},
	"azure:cosmosdb/account:Account": {"public": "publicNetworkAccessEnabled", "vnet": "isVirtualNetworkFilterEnabled", "ip": ["ipRangeFilter", "ipRangeFilters"]},
}

_n := _names[input.resource.type]

_restricted if lib.is_false(_values[_n.public])

_restricted if lib.is_true(_values[_n.vnet])

# An IP firewall: a non-empty list (azurerm 4) or comma-separated string (azurerm 3).
_restricted if {
	some key in _n.ip
	filter := _values[key]
	filter != null
	filter != ""
	filter != []
}

deny contains result if {
	not _restricted
	result := {
		"msg": sprintf(
			"Cosmos DB account \"%s\" accepts connections from all networks: public access is on and neither an IP firewall (%s) nor virtual network filtering (%s) is set. Set %s = false and use private endpoints, or restrict the account to known networks.",
			[input.resource.name, _n.ip[0], _n.vnet, _n.public],
		),
		"path": sprintf("/%s", [_n.public]),
	}
}
