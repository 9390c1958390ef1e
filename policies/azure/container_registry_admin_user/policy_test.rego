package vigil.azure.acr.admin_user_test

import data.vigil.azure.acr.admin_user as p
import rego.v1

_in(type, values) := {"resource": {"address": "acr", "type": type, "name": "acr", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_enabled if {
	results := p.deny with input as _in("azurerm_container_registry", {"sku": "Basic", "admin_enabled": true})
	_paths(results) == {"/admin_enabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/admin_enabled", "value": false}]
	r.fix_safety == "unsafe"
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_container_registry", {"sku": "Basic"})
	count(p.deny) == 0 with input as _in("azurerm_container_registry", {"admin_enabled": false})
}

test_pulumi if {
	_paths(p.deny) == {"/adminEnabled"} with input as _in("azure:containerservice/registry:Registry", {"adminEnabled": true})
	count(p.deny) == 0 with input as _in("azure:containerservice/registry:Registry", {})
}
