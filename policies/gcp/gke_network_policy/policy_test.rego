package vigil.gcp.gke.network_policy_test

import data.vigil.gcp.gke.network_policy as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "x",
	"type": type,
	"name": "x",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

_tf(values) := _res("google_container_cluster", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	_paths(p.deny) == {"/network_policy/enabled"} with input as _tf({"name": "c"})
}

test_tf_disabled if {
	_paths(p.deny) == {"/network_policy/enabled"} with input as _tf({"network_policy": {"enabled": false}})
	_paths(p.deny) == {"/network_policy/enabled"} with input as _tf({"network_policy": {"provider": "CALICO"}})
}

test_tf_enforced if {
	count(p.deny) == 0 with input as _tf({"network_policy": {"enabled": true, "provider": "CALICO"}})
	count(p.deny) == 0 with input as _tf({"datapath_provider": "ADVANCED_DATAPATH"})
	count(p.deny) == 0 with input as _tf({"enable_autopilot": true})
	count(p.deny) == 0 with input as _tf({"datapath_provider": "${var.datapath}"})
	count(p.deny) == 0 with input as _tf({"network_policy": {"enabled": "${var.np}"}})
}

test_tf_legacy_datapath_with_policy_off if {
	count(p.deny) == 1 with input as _tf({"datapath_provider": "LEGACY_DATAPATH", "network_policy": {"enabled": false}})
}

test_pulumi if {
	_paths(p.deny) == {"/networkPolicy/enabled"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "x"})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"datapathProvider": "ADVANCED_DATAPATH"})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"networkPolicy": {"enabled": true}})
}
