package vigil.azure.storage.public_blob_access_test

import data.vigil.azure.storage.public_blob_access as p
import data.vigil.lib
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
	# Left at the provider default (true) with no public container: nothing is exposed yet.
	results := p.deny with input as _account({})
	count(results) == 0
}

test_unknown_does_not_fire if {
	results := p.deny with input as _account({"allow_nested_items_to_be_public": "${var.public}"})
	count(results) == 0
}

_container(address, values, refs) := {
	"address": address,
	"type": "azurerm_storage_container",
	"name": "images",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": refs,
	"unknown": [],
}

_stack(containers) := {"resources": containers, "by_type": {"azurerm_storage_container": containers}}

test_default_with_public_container_by_reference if {
	stack := _stack([_container(
		"azurerm_storage_container.images",
		{"name": "images", "storage_account_name": "${azurerm_storage_account.data.name}", "container_access_type": "blob"},
		{"/storage_account_name": ["azurerm_storage_account.data"]},
	)])
	results := p.deny with input as _account({}) with data.vigil.stack as stack
	_paths(results) == {"/allow_nested_items_to_be_public"}
	some r in results
	r.fix == [{"op": "add", "path": "/allow_nested_items_to_be_public", "value": false}]
	contains(r.msg, "images")
}

test_default_with_public_container_by_name if {
	stack := _stack([_container(
		"azurerm_storage_container.images",
		{"name": "images", "storage_account_name": "acmedata", "container_access_type": "container"},
		{},
	)])
	results := p.deny with input as _account({}) with data.vigil.stack as stack
	_paths(results) == {"/allow_nested_items_to_be_public"}
}

test_default_with_private_or_other_container if {
	stack := _stack([
		_container(
			"azurerm_storage_container.private",
			{"name": "private", "storage_account_name": "acmedata", "container_access_type": "private"},
			{},
		),
		_container(
			"azurerm_storage_container.other",
			{"name": "other", "storage_account_name": "${azurerm_storage_account.other.name}", "container_access_type": "blob"},
			{"/storage_account_name": ["azurerm_storage_account.other"]},
		),
	])
	results := p.deny with input as _account({}) with data.vigil.stack as stack
	count(results) == 0
}

test_explicit_false_with_public_container if {
	# The account setting wins over the container's access type.
	stack := _stack([_container(
		"azurerm_storage_container.images",
		{"name": "images", "storage_account_name": "acmedata", "container_access_type": "blob"},
		{},
	)])
	results := p.deny with input as _account({"allow_nested_items_to_be_public": false}) with data.vigil.stack as stack
	count(results) == 0
}

# --- Pulumi (azure:storage/account:Account) ----------------------------------------

_pulumi_account(values) := {
	"address": "media",
	"type": "azure:storage/account:Account",
	"name": "media",
	"mode": "managed",
	"source": "pulumi",
	"values": object.union({"resourceGroupName": "rg-web", "accountTier": "Standard", "accountReplicationType": "LRS"}, values),
	"references": {},
	"unknown": [],
}

_pulumi_container(address, values, refs) := {
	"address": address,
	"type": "azure:storage/container:Container",
	"name": address,
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": refs,
	"unknown": [],
}

test_pulumi_nested_items_public if {
	results := p.deny with input as {"resource": _pulumi_account({"allowNestedItemsToBePublic": true})}
	_paths(results) == {"/allowNestedItemsToBePublic"}
	some r in results
	r.fix == [{"op": "replace", "path": "/allowNestedItemsToBePublic", "value": false}]
}

test_pulumi_v2_name if {
	results := p.deny with input as {"resource": _pulumi_account({"allowBlobPublicAccess": "true"})}
	_paths(results) == {"/allowBlobPublicAccess"}
}

test_pulumi_default_with_public_container if {
	account := _pulumi_account({})
	container := _pulumi_container("videos", {"storageAccountName": "${media.name}", "containerAccessType": "container"}, {"/storageAccountName": ["media"]})
	results := p.deny with input as {"resource": account} with data.vigil.stack as lib.stack_of([account, container])
	_paths(results) == {"/allowNestedItemsToBePublic"}
	some r in results
	r.fix == [{"op": "add", "path": "/allowNestedItemsToBePublic", "value": false}]
	contains(r.msg, "videos")
}

test_pulumi_default_with_private_container if {
	account := _pulumi_account({})
	container := _pulumi_container("videos", {"storageAccountName": "${media.name}", "containerAccessType": "private"}, {"/storageAccountName": ["media"]})
	results := p.deny with input as {"resource": account} with data.vigil.stack as lib.stack_of([account, container])
	count(results) == 0
}

test_pulumi_disabled_with_public_container if {
	account := _pulumi_account({"allowNestedItemsToBePublic": false})
	container := _pulumi_container("videos", {"storageAccountName": "${media.name}", "containerAccessType": "blob"}, {"/storageAccountName": ["media"]})
	results := p.deny with input as {"resource": account} with data.vigil.stack as lib.stack_of([account, container])
	count(results) == 0
}
