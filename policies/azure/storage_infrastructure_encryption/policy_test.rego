package vigil.azure.storage.infrastructure_encryption_test

import data.vigil.azure.storage.infrastructure_encryption as p
import rego.v1

_in(type, values) := {"resource": {"address": "sa", "type": type, "name": "sa", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _in("azurerm_storage_account", {"account_tier": "Standard"})
	_paths(results) == {"/infrastructure_encryption_enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/infrastructure_encryption_enabled", "value": true}]
	r.fix_safety == "unsafe"
	_paths(p.deny) == {"/infrastructure_encryption_enabled"} with input as _in("azurerm_storage_account", {"infrastructure_encryption_enabled": false})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"infrastructure_encryption_enabled": true})
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"account_kind": "BlobStorage"})
}

test_pulumi if {
	_paths(p.deny) == {"/infrastructureEncryptionEnabled"} with input as _in("azure:storage/account:Account", {})
	count(p.deny) == 0 with input as _in("azure:storage/account:Account", {"infrastructureEncryptionEnabled": true})
}
