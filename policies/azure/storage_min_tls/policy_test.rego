package vigil.azure.storage.min_tls_test

import data.vigil.azure.storage.min_tls as p
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

test_tls_1_0 if {
	results := p.deny with input as _account({"min_tls_version": "TLS1_0"})
	_paths(results) == {"/min_tls_version"}
	some r in results
	r.fix == [{"op": "replace", "path": "/min_tls_version", "value": "TLS1_2"}]
}

test_tls_1_1 if {
	results := p.deny with input as _account({"min_tls_version": "TLS1_1"})
	_paths(results) == {"/min_tls_version"}
}

test_tls_1_2_and_1_3 if {
	count(p.deny) == 0 with input as _account({"min_tls_version": "TLS1_2"})
	count(p.deny) == 0 with input as _account({"min_tls_version": "TLS1_3"})
}

test_left_out_is_not_flagged if {
	results := p.deny with input as _account({})
	count(results) == 0
}

# An omitted setting is weak where required_providers keeps azurerm below 3.0.
_with_providers(values, constraints) := object.union(_account(values), {"stack": {"providers": {"azurerm": constraints}}})

test_left_out_under_azurerm_2_is_flagged if {
	results := p.deny with input as _with_providers({}, ["~> 2.99"])
	_paths(results) == {"/min_tls_version"}
	some r in results
	r.fix == [{"op": "add", "path": "/min_tls_version", "value": "TLS1_2"}]
	count(p.deny) == 0 with input as _with_providers({}, ["~> 3.0"])
	count(p.deny) == 0 with input as _with_providers({}, [">= 2.0"])
	count(p.deny) == 0 with input as _with_providers({"min_tls_version": "TLS1_2"}, ["~> 2.99"])
}

test_unknown_does_not_fire if {
	results := p.deny with input as _account({"min_tls_version": "${var.tls}"})
	count(results) == 0
}

_pulumi(values) := {"resource": {
	"address": "archive",
	"type": "azure:storage/account:Account",
	"name": "archive",
	"mode": "managed",
	"source": "pulumi",
	"values": object.union({"resourceGroupName": "rg-data", "accountTier": "Standard", "accountReplicationType": "GRS"}, values),
	"references": {},
	"unknown": [],
}}

test_pulumi_tls_1_0 if {
	results := p.deny with input as _pulumi({"minTlsVersion": "TLS1_0"})
	_paths(results) == {"/minTlsVersion"}
	some r in results
	r.fix == [{"op": "replace", "path": "/minTlsVersion", "value": "TLS1_2"}]
}

test_pulumi_good_and_default if {
	count(p.deny) == 0 with input as _pulumi({"minTlsVersion": "TLS1_2"})
	count(p.deny) == 0 with input as _pulumi({})
	# A Terraform attribute name on a Pulumi resource is not read.
	count(p.deny) == 0 with input as _pulumi({"min_tls_version": "TLS1_0"})
}
