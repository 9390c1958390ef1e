package vigil.gcp.gke.node_integrity_monitoring_test

import data.vigil.gcp.gke.node_integrity_monitoring as p
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

_paths(results) := {r.path | some r in results}

test_tf_node_pool if {
	results := p.deny with input as _res("google_container_node_pool", "terraform", {"node_config": {"shielded_instance_config": {"enable_secure_boot": true, "enable_integrity_monitoring": false}}})
	_paths(results) == {"/node_config/shielded_instance_config/enable_integrity_monitoring"}
}

test_tf_cluster if {
	_paths(p.deny) == {"/node_config/shielded_instance_config/enable_integrity_monitoring"} with input as _res("google_container_cluster", "terraform", {"node_config": {"shielded_instance_config": {"enable_integrity_monitoring": "false"}}})
}

test_tf_defaults if {
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {"shielded_instance_config": {"enable_secure_boot": true}}})
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {}})
}

test_pulumi if {
	_paths(p.deny) == {"/nodePools/0/nodeConfig/shieldedInstanceConfig/enableIntegrityMonitoring"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"nodePools": [{"nodeConfig": {"shieldedInstanceConfig": {"enableIntegrityMonitoring": false}}}]})
	count(p.deny) == 0 with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"shieldedInstanceConfig": {"enableIntegrityMonitoring": true}}})
}
