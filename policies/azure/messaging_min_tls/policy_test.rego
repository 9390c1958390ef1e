package vigil.azure.messaging.min_tls_test

import data.vigil.azure.messaging.min_tls as p
import rego.v1

_in(type, values) := {"resource": {"address": "ns", "type": type, "name": "ns", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_weak if {
	results := p.deny with input as _in("azurerm_eventhub_namespace", {"sku": "Standard", "minimum_tls_version": "1.0"})
	_paths(results) == {"/minimum_tls_version"}
	some r in results
	r.fix == [{"op": "replace", "path": "/minimum_tls_version", "value": "1.2"}]
	_paths(p.deny) == {"/minimum_tls_version"} with input as _in("azurerm_servicebus_namespace", {"minimum_tls_version": 1.1})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_eventhub_namespace", {"sku": "Standard"})
	count(p.deny) == 0 with input as _in("azurerm_servicebus_namespace", {"minimum_tls_version": "1.2"})
}

test_pulumi if {
	_paths(p.deny) == {"/minimumTlsVersion"} with input as _in("azure:servicebus/namespace:Namespace", {"minimumTlsVersion": "1.1"})
	count(p.deny) == 0 with input as _in("azure:eventhub/eventHubNamespace:EventHubNamespace", {})
}
