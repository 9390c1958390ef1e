package vigil.azure.postgresql.flexible_public_access_test

import data.vigil.azure.postgresql.flexible_public_access as p
import rego.v1

_in(type, values) := {"resource": {"address": "pg", "type": type, "name": "pg", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_postgresql_flexible_server", object.union({"name": "pg-prod", "version": "16"}, values))

_paths(results) := {r.path | some r in results}

test_tf_default if {
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
	count(p.deny) == 0 with input as _tf({"delegated_subnet_id": "/subscriptions/x/subnets/db", "private_dns_zone_id": "z"})
}

test_pulumi if {
	_paths(p.deny) == {"/publicNetworkAccessEnabled"} with input as _in("azure:postgresql/flexibleServer:FlexibleServer", {})
	count(p.deny) == 0 with input as _in("azure:postgresql/flexibleServer:FlexibleServer", {"publicNetworkAccessEnabled": false})
	count(p.deny) == 0 with input as _in("azure:postgresql/flexibleServer:FlexibleServer", {"delegatedSubnetId": "${dbSubnet.id}"})
}
