package vigil.azure.network.flow_log_retention_test

import data.vigil.azure.network.flow_log_retention as p
import rego.v1

_in(type, values) := {"resource": {"address": "fl", "type": type, "name": "fl", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_network_watcher_flow_log", object.union({"name": "nsg-flow", "enabled": true}, values))

_paths(results) := {r.path | some r in results}

test_tf_short if {
	results := p.deny with input as _tf({"retention_policy": {"enabled": true, "days": 7}})
	_paths(results) == {"/retention_policy/days"}
	some r in results
	r.fix == [{"op": "replace", "path": "/retention_policy/days", "value": 90}]
	_paths(p.deny) == {"/retention_policy/days"} with input as _tf({"retention_policy": {"enabled": "true", "days": "30"}})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"retention_policy": {"enabled": true, "days": 90}})
	count(p.deny) == 0 with input as _tf({"retention_policy": {"enabled": true, "days": 365}})
	count(p.deny) == 0 with input as _tf({"retention_policy": {"enabled": true, "days": 0}})
	count(p.deny) == 0 with input as _tf({"retention_policy": {"enabled": false, "days": 7}})
	count(p.deny) == 0 with input as _tf({"retention_policy": {"enabled": true, "days": "${var.days}"}})
}

test_pulumi if {
	_paths(p.deny) == {"/retentionPolicy/days"} with input as _in("azure:network/networkWatcherFlowLog:NetworkWatcherFlowLog", {"retentionPolicy": {"enabled": true, "days": 14}})
	count(p.deny) == 0 with input as _in("azure:network/networkWatcherFlowLog:NetworkWatcherFlowLog", {"retentionPolicy": {"enabled": true, "days": 90}})
}
