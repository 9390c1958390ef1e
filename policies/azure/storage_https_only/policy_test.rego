package vigil.azure.storage.https_only_test

import data.vigil.azure.storage.https_only as p
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

test_v3_disabled if {
	results := p.deny with input as _account({"enable_https_traffic_only": false})
	_paths(results) == {"/enable_https_traffic_only"}
	some r in results
	r.fix == [{"op": "replace", "path": "/enable_https_traffic_only", "value": true}]
	contains(r.msg, "data")
}

test_v4_disabled_as_string if {
	results := p.deny with input as _account({"https_traffic_only_enabled": "false"})
	_paths(results) == {"/https_traffic_only_enabled"}
}

test_enabled if {
	results := p.deny with input as _account({"https_traffic_only_enabled": true, "enable_https_traffic_only": "true"})
	count(results) == 0
}

test_default_is_https_only if {
	results := p.deny with input as _account({})
	count(results) == 0
}

test_unknown_does_not_fire if {
	results := p.deny with input as _account({"https_traffic_only_enabled": "${var.https_only}"})
	count(results) == 0
}

_pulumi(values) := {"resource": {
	"address": "uploads",
	"type": "azure:storage/account:Account",
	"name": "uploads",
	"mode": "managed",
	"source": "pulumi",
	"values": object.union({"resourceGroupName": "rg-data", "accountTier": "Standard", "accountReplicationType": "GRS"}, values),
	"references": {},
	"unknown": [],
}}

test_pulumi_v6_disabled if {
	results := p.deny with input as _pulumi({"httpsTrafficOnlyEnabled": false})
	_paths(results) == {"/httpsTrafficOnlyEnabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/httpsTrafficOnlyEnabled", "value": true}]
}

test_pulumi_v5_disabled if {
	results := p.deny with input as _pulumi({"enableHttpsTrafficOnly": "false"})
	_paths(results) == {"/enableHttpsTrafficOnly"}
}

test_pulumi_enabled_and_default if {
	count(p.deny) == 0 with input as _pulumi({"httpsTrafficOnlyEnabled": true})
	count(p.deny) == 0 with input as _pulumi({})
}
