package vigil.azure.sql.min_tls_test

import data.vigil.azure.sql.min_tls as p
import rego.v1

_in(type, values) := {"resource": {"address": "sql", "type": type, "name": "sql", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_mssql_server", object.union({"name": "sql-prod", "version": "12.0"}, values))

_pulumi(values) := _in("azure:mssql/server:Server", object.union({"version": "12.0"}, values))

_paths(results) := {r.path | some r in results}

test_tf_weak if {
	results := p.deny with input as _tf({"minimum_tls_version": "1.0"})
	_paths(results) == {"/minimum_tls_version"}
	some r in results
	r.fix == [{"op": "replace", "path": "/minimum_tls_version", "value": "1.2"}]
	_paths(p.deny) == {"/minimum_tls_version"} with input as _tf({"minimum_tls_version": "1.1"})
	_paths(p.deny) == {"/minimum_tls_version"} with input as _tf({"minimum_tls_version": "Disabled"})
	_paths(p.deny) == {"/minimum_tls_version"} with input as _tf({"minimum_tls_version": 1.1})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({})
	count(p.deny) == 0 with input as _tf({"minimum_tls_version": "1.2"})
	count(p.deny) == 0 with input as _tf({"minimum_tls_version": "${var.tls}"})
}

test_pulumi if {
	_paths(p.deny) == {"/minimumTlsVersion"} with input as _pulumi({"minimumTlsVersion": "1.0"})
	count(p.deny) == 0 with input as _pulumi({})
	count(p.deny) == 0 with input as _pulumi({"minimumTlsVersion": "1.2"})
}
