package vigil.azure.storage.public_blob_access_test

import data.vigil.azure.storage.public_blob_access as p
import rego.v1

_account(values) := {"resource": {
	"address": "azurerm_storage_account.data",
	"type": "azurerm_storage_account",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": object.union({"name": "acmedata", "resource_group_name": "rg-data", "location": "westeurope", "account_tier": "Standard", "account_replication_type": "GRS"}, values),
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

test_nested_items_public if {
	results := p.deny with input as _account({"allow_nested_items_to_be_public": true})
	_paths(results) == {"/allow_nested_items_to_be_public"}
	some r in results
	r.fix == [{"op": "replace", "path": "/allow_nested_items_to_be_public", "value": false}]
	r.fix_safety == "unsafe"
}

test_v2_blob_public_access_as_string if {
	results := p.deny with input as _account({"allow_blob_public_access": "true"})
	_paths(results) == {"/allow_blob_public_access"}
}

test_disabled if {
	results := p.deny with input as _account({"allow_nested_items_to_be_public": false})
	count(results) == 0
}

test_left_out_is_not_flagged if {
	# The v3 default is true but the v4 default is false: a missing attribute is not judged.
	results := p.deny with input as _account({})
	count(results) == 0
}

test_unknown_does_not_fire if {
	results := p.deny with input as _account({"allow_nested_items_to_be_public": "${var.public}"})
	count(results) == 0
}
