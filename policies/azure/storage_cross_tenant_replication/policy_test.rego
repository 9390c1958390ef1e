package vigil.azure.storage.cross_tenant_replication_test

import data.vigil.azure.storage.cross_tenant_replication as p
import rego.v1

_in(type, values) := {"resource": {"address": "sa", "type": type, "name": "sa", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_enabled if {
	results := p.deny with input as _in("azurerm_storage_account", {"cross_tenant_replication_enabled": true})
	_paths(results) == {"/cross_tenant_replication_enabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/cross_tenant_replication_enabled", "value": false}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {})
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"cross_tenant_replication_enabled": false})
}

test_pulumi if {
	_paths(p.deny) == {"/crossTenantReplicationEnabled"} with input as _in("azure:storage/account:Account", {"crossTenantReplicationEnabled": "true"})
	count(p.deny) == 0 with input as _in("azure:storage/account:Account", {})
}
