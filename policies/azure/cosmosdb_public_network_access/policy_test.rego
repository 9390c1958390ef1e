package vigil.azure.cosmosdb.public_network_access_test

import data.vigil.azure.cosmosdb.public_network_access as p
import rego.v1

_in(type, values) := {"resource": {"address": "db", "type": type, "name": "db", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_cosmosdb_account", object.union({"name": "cosmos-prod", "offer_type": "Standard"}, values))

_paths(results) := {r.path | some r in results}

test_tf_open if {
	_paths(p.deny) == {"/public_network_access_enabled"} with input as _tf({})
	_paths(p.deny) == {"/public_network_access_enabled"} with input as _tf({"public_network_access_enabled": true, "ip_range_filter": []})
	_paths(p.deny) == {"/public_network_access_enabled"} with input as _tf({"ip_range_filter": "", "is_virtual_network_filter_enabled": false})
}

test_tf_restricted if {
	count(p.deny) == 0 with input as _tf({"public_network_access_enabled": false})
	count(p.deny) == 0 with input as _tf({"ip_range_filter": ["203.0.113.0/24"]})
	count(p.deny) == 0 with input as _tf({"ip_range_filter": "203.0.113.0/24,198.51.100.7"})
	count(p.deny) == 0 with input as _tf({"is_virtual_network_filter_enabled": true})
	count(p.deny) == 0 with input as _tf({"ip_range_filter": "${var.ip_range_filter}"})
}

test_pulumi if {
	_paths(p.deny) == {"/publicNetworkAccessEnabled"} with input as _in("azure:cosmosdb/account:Account", {})
	count(p.deny) == 0 with input as _in("azure:cosmosdb/account:Account", {"ipRangeFilters": ["203.0.113.0/24"]})
	count(p.deny) == 0 with input as _in("azure:cosmosdb/account:Account", {"publicNetworkAccessEnabled": false})
}
