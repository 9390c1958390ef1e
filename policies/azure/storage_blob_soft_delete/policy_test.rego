package vigil.azure.storage.blob_soft_delete_test

import data.vigil.azure.storage.blob_soft_delete as p
import rego.v1

_in(type, values) := {"resource": {"address": "sa", "type": type, "name": "sa", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_no_props if {
	results := p.deny with input as _in("azurerm_storage_account", {"account_tier": "Standard"})
	_paths(results) == {"/blob_properties/delete_retention_policy"}
	some r in results
	r.fix == [{"op": "add", "path": "/blob_properties", "value": {"delete_retention_policy": {"days": 7}}}]
}

test_tf_props_without_policy if {
	results := p.deny with input as _in("azurerm_storage_account", {"blob_properties": {"versioning_enabled": true}})
	_paths(results) == {"/blob_properties/delete_retention_policy"}
	some r in results
	r.fix == [{"op": "add", "path": "/blob_properties/delete_retention_policy", "value": {"days": 7}}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"blob_properties": {"delete_retention_policy": {"days": 30}}})
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"blob_properties": {"delete_retention_policy": {}}})
	count(p.deny) == 0 with input as _in("azurerm_storage_account", {"account_kind": "FileStorage"})
}

test_pulumi if {
	_paths(p.deny) == {"/blobProperties/deleteRetentionPolicy"} with input as _in("azure:storage/account:Account", {})
	count(p.deny) == 0 with input as _in("azure:storage/account:Account", {"blobProperties": {"deleteRetentionPolicy": {"days": 14}}})
}
