package vigil.azure.storage.network_default_deny_test

import data.vigil.azure.storage.network_default_deny as p
import data.vigil.lib
import rego.v1

_r(address, type, values, refs) := {"address": address, "type": type, "name": address, "mode": "managed", "values": values, "references": refs, "unknown": []}

_account(values) := _r("azurerm_storage_account.data", "azurerm_storage_account", object.union({"name": "acmedata", "account_tier": "Standard"}, values), {})

_eval(resource, stack) := x if {
	x := p.deny with input as {"resource": resource} with data.vigil.stack as lib.stack_of(stack)
}

_paths(results) := {r.path | some r in results}

test_tf_no_rules if {
	a := _account({})
	results := _eval(a, [a])
	_paths(results) == {"/network_rules"}
	some r in results
	r.fix == [{"op": "add", "path": "/network_rules", "value": {"default_action": "Deny"}}]
}

test_tf_allow if {
	a := _account({"network_rules": {"default_action": "Allow", "bypass": ["AzureServices"]}})
	_paths(_eval(a, [a])) == {"/network_rules/default_action"}
}

test_tf_good if {
	a := _account({"network_rules": {"default_action": "Deny", "ip_rules": ["203.0.113.0/24"]}})
	count(_eval(a, [a])) == 0
	b := _account({"public_network_access_enabled": false})
	count(_eval(b, [b])) == 0
}

test_tf_separate_rules if {
	a := _account({})
	rules := _r("azurerm_storage_account_network_rules.data", "azurerm_storage_account_network_rules", {"storage_account_id": "${azurerm_storage_account.data.id}", "default_action": "Deny"}, {"/storage_account_id": ["azurerm_storage_account.data"]})
	count(_eval(a, [a, rules])) == 0
}

test_tf_separate_rules_allow if {
	rules := _r("azurerm_storage_account_network_rules.data", "azurerm_storage_account_network_rules", {"default_action": "Allow"}, {})
	_paths(_eval(rules, [rules])) == {"/default_action"}
}

test_pulumi if {
	a := _r("data", "azure:storage/account:Account", {"accountTier": "Standard"}, {})
	_paths(_eval(a, [a])) == {"/networkRules"}
	b := _r("data", "azure:storage/account:Account", {"networkRules": {"defaultAction": "Allow"}}, {})
	_paths(_eval(b, [b])) == {"/networkRules/defaultAction"}
	c := _r("data", "azure:storage/account:Account", {"networkRules": {"defaultAction": "Deny"}}, {})
	count(_eval(c, [c])) == 0
	rules := _r("dataRules", "azure:storage/accountNetworkRules:AccountNetworkRules", {"storageAccountId": "${data.id}", "defaultAction": "Deny"}, {"/storageAccountId": ["data"]})
	count(_eval(a, [a, rules])) == 0
}
