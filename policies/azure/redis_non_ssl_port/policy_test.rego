package vigil.azure.redis.non_ssl_port_test

import data.vigil.azure.redis.non_ssl_port as p
import rego.v1

_in(type, values) := {"resource": {"address": "redis", "type": type, "name": "redis", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_enabled if {
	results := p.deny with input as _in("azurerm_redis_cache", {"non_ssl_port_enabled": true})
	_paths(results) == {"/non_ssl_port_enabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/non_ssl_port_enabled", "value": false}]
	_paths(p.deny) == {"/enable_non_ssl_port"} with input as _in("azurerm_redis_cache", {"enable_non_ssl_port": "true"})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_redis_cache", {})
	count(p.deny) == 0 with input as _in("azurerm_redis_cache", {"non_ssl_port_enabled": false})
}

test_pulumi if {
	_paths(p.deny) == {"/nonSslPortEnabled"} with input as _in("azure:redis/cache:Cache", {"nonSslPortEnabled": true})
	_paths(p.deny) == {"/enableNonSslPort"} with input as _in("azure:redis/cache:Cache", {"enableNonSslPort": true})
	count(p.deny) == 0 with input as _in("azure:redis/cache:Cache", {})
}
