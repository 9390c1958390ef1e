# METADATA
# title: Storage accounts deny network access by default
# description: A storage account whose firewall allows all networks accepts requests from anywhere on the internet, so a leaked account key or SAS token is usable from any address. azurerm and the Pulumi Azure classic provider leave the firewall open (default action Allow) when no network rules are written, so an account is reported when it has no network_rules block, no separate azurerm_storage_account_network_rules resource and public network access is not disabled; an explicit default_action = "Allow" is reported on either resource. Set default_action = "Deny" and list the networks that need the account with ip_rules and virtual_network_subnet_ids (trusted Azure services keep access through bypass = ["AzureServices"]).
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#network_rules
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account_network_rules
# custom:
#   id: VGL-AZURE-025
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_storage_account, azurerm_storage_account_network_rules, "azure:storage/account:Account", "azure:storage/accountNetworkRules:AccountNetworkRules"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.8"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_AZURE_35, AZU-0012]
package vigil.azure.storage.network_default_deny

import data.vigil.lib
import data.vigil.lib.input_referrers
import rego.v1

_values := input.resource.values

_accounts := {
	"azurerm_storage_account": {"rules": "network_rules", "action": "default_action", "public": "public_network_access_enabled"},
	"azure:storage/account:Account": {"rules": "networkRules", "action": "defaultAction", "public": "publicNetworkAccessEnabled"},
}

_rule_resources := {
	"azurerm_storage_account_network_rules": "default_action",
	"azure:storage/accountNetworkRules:AccountNetworkRules": "defaultAction",
}

_n := _accounts[input.resource.type]

_public_access_disabled if lib.is_false(_values[_n.public])

# A separate network rules resource that refers to this account.
_separate_rules if {
	some ref in input_referrers
	ref.type in object.keys(_rule_resources)
}

_rules_missing if object.get(_values, _n.rules, null) == null

_rules_missing if _values[_n.rules] == []

_allow(v) if {
	is_string(v)
	lower(trim_space(v)) == "allow"
}

_msg_allow(key) := sprintf(
	"Storage account network rules of \"%s\" set %s to \"Allow\", so the account accepts requests from every network: a leaked key or SAS token is usable from anywhere. Set %s = \"Deny\" and allow only the networks that need the account.",
	[input.resource.name, key, key],
)

deny contains result if {
	_n
	not _public_access_disabled
	_rules_missing
	not _separate_rules
	path := sprintf("/%s", [_n.rules])
	result := {
		"msg": sprintf(
			"Storage account \"%s\" has no network rules, so its firewall allows every network by default: a leaked key or SAS token is usable from anywhere. Add %s with %s = \"Deny\" and the networks that need the account, or disable public network access.",
			[input.resource.name, _n.rules, _n.action],
		),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": {_n.action: "Deny"}}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_n
	not _public_access_disabled
	some entry in lib.block_entries(_values, _n.rules, "")
	_allow(entry.value[_n.action])
	path := sprintf("%s/%s", [entry.path, _n.action])
	result := {
		"msg": _msg_allow(_n.action),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "Deny"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	key := _rule_resources[input.resource.type]
	_allow(_values[key])
	path := sprintf("/%s", [key])
	result := {
		"msg": _msg_allow(key),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "Deny"}],
		"fix_safety": "unsafe",
	}
}
