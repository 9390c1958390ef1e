package vigil.azure.postgresql.flexible_tls_test

import data.vigil.azure.postgresql.flexible_tls as p
import rego.v1

_in(type, values) := {"resource": {"address": "cfg", "type": type, "name": "cfg", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_postgresql_flexible_server_configuration", object.union({"server_id": "x"}, values))

_paths(results) := {r.path | some r in results}

test_tf_secure_transport_off if {
	results := p.deny with input as _tf({"name": "require_secure_transport", "value": "off"})
	_paths(results) == {"/value"}
	some r in results
	r.fix == [{"op": "replace", "path": "/value", "value": "on"}]
	_paths(p.deny) == {"/value"} with input as _tf({"name": "require_secure_transport", "value": "OFF"})
}

test_tf_weak_tls if {
	results := p.deny with input as _tf({"name": "ssl_min_protocol_version", "value": "TLSv1.1"})
	some r in results
	r.fix == [{"op": "replace", "path": "/value", "value": "TLSv1.2"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"name": "require_secure_transport", "value": "on"})
	count(p.deny) == 0 with input as _tf({"name": "ssl_min_protocol_version", "value": "TLSv1.3"})
	count(p.deny) == 0 with input as _tf({"name": "log_checkpoints", "value": "off"})
}

test_pulumi if {
	_paths(p.deny) == {"/value"} with input as _in("azure:postgresql/flexibleServerConfiguration:FlexibleServerConfiguration", {"name": "require_secure_transport", "value": "off"})
	count(p.deny) == 0 with input as _in("azure:postgresql/flexibleServerConfiguration:FlexibleServerConfiguration", {"name": "require_secure_transport", "value": "on"})
}
