package vigil.azure.mysql.flexible_tls_test

import data.vigil.azure.mysql.flexible_tls as p
import rego.v1

_in(type, values) := {"resource": {"address": "cfg", "type": type, "name": "cfg", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_mysql_flexible_server_configuration", object.union({"resource_group_name": "rg", "server_name": "mysql"}, values))

_paths(results) := {r.path | some r in results}

test_tf_secure_transport_off if {
	results := p.deny with input as _tf({"name": "require_secure_transport", "value": "OFF"})
	_paths(results) == {"/value"}
	some r in results
	r.fix == [{"op": "replace", "path": "/value", "value": "ON"}]
	_paths(p.deny) == {"/value"} with input as _tf({"name": "require_secure_transport", "value": "off"})
}

test_tf_weak_tls if {
	results := p.deny with input as _tf({"name": "tls_version", "value": "TLSv1,TLSv1.1,TLSv1.2"})
	_paths(results) == {"/value"}
	some r in results
	r.fix == [{"op": "replace", "path": "/value", "value": "TLSv1.2"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"name": "require_secure_transport", "value": "ON"})
	count(p.deny) == 0 with input as _tf({"name": "tls_version", "value": "TLSv1.2,TLSv1.3"})
	count(p.deny) == 0 with input as _tf({"name": "max_connections", "value": "OFF"})
	count(p.deny) == 0 with input as _tf({"name": "require_secure_transport", "value": "${var.secure}"})
}

test_pulumi if {
	_paths(p.deny) == {"/value"} with input as _in("azure:mysql/flexibleServerConfiguration:FlexibleServerConfiguration", {"name": "require_secure_transport", "value": "OFF"})
	count(p.deny) == 0 with input as _in("azure:mysql/flexibleServerConfiguration:FlexibleServerConfiguration", {"name": "require_secure_transport", "value": "ON"})
}
