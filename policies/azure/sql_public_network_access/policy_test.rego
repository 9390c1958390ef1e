package vigil.azure.sql.public_network_access_test

import data.vigil.azure.sql.public_network_access as p
import rego.v1

_in(type, values) := {"resource": {"address": "sql", "type": type, "name": "sql", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_mssql_server", object.union({"name": "sql-prod", "version": "12.0"}, values))

_pulumi(values) := _in("azure:mssql/server:Server", object.union({"version": "12.0"}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/public_network_access_enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/public_network_access_enabled", "value": false}]
	r.fix_safety == "unsafe"
}

test_tf_true if {
	results := p.deny with input as _tf({"public_network_access_enabled": true})
	some r in results
	r.fix == [{"op": "replace", "path": "/public_network_access_enabled", "value": false}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"public_network_access_enabled": false})
	count(p.deny) == 0 with input as _tf({"public_network_access_enabled": "false"})
}

test_pulumi if {
	_paths(p.deny) == {"/publicNetworkAccessEnabled"} with input as _pulumi({})
	_paths(p.deny) == {"/publicNetworkAccessEnabled"} with input as _pulumi({"publicNetworkAccessEnabled": true})
	count(p.deny) == 0 with input as _pulumi({"publicNetworkAccessEnabled": false})
}
