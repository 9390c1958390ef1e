package vigil.azure.storage.shared_key_access_test

import data.vigil.azure.storage.shared_key_access as p
import rego.v1

_in(type, values) := {"resource": {"address": "sa", "type": type, "name": "sa", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _in("azurerm_storage_account", {"account_tier": "Standard"})
	_paths(results) == {"/shared_access_key_enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/shared_access_key_enabled", "value": false}]
	r.fix_safety == "unsafe"
	_paths(p.deny) == {"/shared_access_key_enabled"} with input as _in("azurerm_storage_account", {"shared_access_key_enabled": true})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"shared_access_key_enabled": false})
}

test_pulumi if {
	_paths(p.deny) == {"/sharedAccessKeyEnabled"} with input as _in("azure:storage/account:Account", {})
	count(p.deny) == 0 with input as _in("azure:storage/account:Account", {"sharedAccessKeyEnabled": false})
}
