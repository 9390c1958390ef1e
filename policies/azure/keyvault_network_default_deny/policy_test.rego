package vigil.azure.keyvault.network_default_deny_test

import data.vigil.azure.keyvault.network_default_deny as p
import rego.v1

_in(type, values) := {"resource": {"address": "kv", "type": type, "name": "kv", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_key_vault", object.union({"name": "kv-app", "sku_name": "standard"}, values))

_pulumi(values) := _in("azure:keyvault/keyVault:KeyVault", object.union({"skuName": "standard"}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/network_acls"}
	some r in results
	r.fix == [{"op": "add", "path": "/network_acls", "value": {"default_action": "Deny", "bypass": "AzureServices"}}]
}

test_tf_allow if {
	results := p.deny with input as _tf({"network_acls": {"default_action": "Allow", "bypass": "AzureServices"}})
	_paths(results) == {"/network_acls/default_action"}
	some r in results
	r.fix == [{"op": "replace", "path": "/network_acls/default_action", "value": "Deny"}]
}

test_tf_allow_list_syntax if {
	results := p.deny with input as _tf({"network_acls": [{"default_action": "Allow", "bypass": "None"}]})
	_paths(results) == {"/network_acls/0/default_action"}
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"network_acls": {"default_action": "Deny", "bypass": "AzureServices"}})
	count(p.deny) == 0 with input as _tf({"public_network_access_enabled": false})
	count(p.deny) == 0 with input as _tf({"public_network_access_enabled": false, "network_acls": {"default_action": "Allow", "bypass": "None"}})
	count(p.deny) == 0 with input as _tf({"network_acls": {"default_action": "${var.action}", "bypass": "AzureServices"}})
}

test_pulumi if {
	_paths(p.deny) == {"/networkAcls"} with input as _pulumi({})
	_paths(p.deny) == {"/networkAcls/defaultAction"} with input as _pulumi({"networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices"}})
	count(p.deny) == 0 with input as _pulumi({"networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"}})
	count(p.deny) == 0 with input as _pulumi({"publicNetworkAccessEnabled": false})
}
