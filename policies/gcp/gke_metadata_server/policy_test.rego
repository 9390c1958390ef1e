package vigil.gcp.gke.metadata_server_test

import data.vigil.gcp.gke.metadata_server as p
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
	results := p.deny with input as _res("google_container_node_pool", "terraform", {"node_config": {"workload_metadata_config": {"mode": "GCE_METADATA"}}})
	_paths(results) == {"/node_config/workload_metadata_config/mode"}
	some r in results
	r.fix == [{"op": "replace", "path": "/node_config/workload_metadata_config/mode", "value": "GKE_METADATA"}]
}

test_tf_cluster_pools if {
	_paths(p.deny) == {"/node_pool/0/node_config/workload_metadata_config/mode"} with input as _res("google_container_cluster", "terraform", {"node_pool": [{"node_config": {"workload_metadata_config": {"mode": "GCE_METADATA"}}}]})
}

test_tf_legacy if {
	_paths(p.deny) == {"/node_config/workload_metadata_config/node_metadata"} with input as _res("google_container_node_pool", "terraform", {"node_config": {"workload_metadata_config": {"node_metadata": "EXPOSE"}}})
}

test_tf_good if {
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {"workload_metadata_config": {"mode": "GKE_METADATA"}}})
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {"machine_type": "e2-medium"}})
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {"workload_metadata_config": {"node_metadata": "GKE_METADATA_SERVER"}}})
}

test_pulumi if {
	_paths(p.deny) == {"/nodeConfig/workloadMetadataConfig/mode"} with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"workloadMetadataConfig": {"mode": "GCE_METADATA"}}})
	count(p.deny) == 0 with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"workloadMetadataConfig": {"mode": "GKE_METADATA"}}})
}
