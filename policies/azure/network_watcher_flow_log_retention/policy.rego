# METADATA
# title: Network flow logs are kept for at least 90 days
# description: Flow logs record which addresses talked to which ports through a network security group or virtual network; investigations of an intrusion often start weeks after it happened, and logs deleted after a few days leave nothing to reconstruct it from. This reports a flow log whose retention_policy is enabled with fewer than 90 days. A retention policy that is disabled, or set to 0 days, keeps the logs indefinitely and is not reported. Set retention_policy { days = 90 } or more.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/network-watcher/nsg-flow-logs-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_watcher_flow_log
# custom:
#   id: VGL-AZURE-024
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_network_watcher_flow_log, "azure:network/networkWatcherFlowLog:NetworkWatcherFlowLog"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["6.5"]
#     NIST-800-53-r5: ["AU-11"]
#     PCI-DSS-4.0: ["10.5.1"]
#   aliases: [CKV_AZURE_12, AZU-0049]
package vigil.azure.network.flow_log_retention

import data.vigil.lib
import rego.v1

_block := {"azurerm_network_watcher_flow_log": "retention_policy", "azure:network/networkWatcherFlowLog:NetworkWatcherFlowLog": "retentionPolicy"}

_number(x) := x if is_number(x)

_number(x) := to_number(x) if {
	is_string(x)
	regex.match(`^[0-9]+$`, x)
}

deny contains result if {
	key := _block[input.resource.type]
	some entry in lib.block_entries(input.resource.values, key, "")
	lib.is_true(entry.value.enabled)
	days := _number(entry.value.days)
	days > 0
	days < 90
	path := sprintf("%s/days", [entry.path])
	result := {
		"msg": sprintf(
			"Flow log \"%s\" keeps its records for only %d days, too short for most investigations, which start weeks after an intrusion. Set days to 90 or more (0 keeps them indefinitely).",
			[input.resource.name, days],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": 90}],
	}
}
