package vigil.gcp.gke.legacy_metadata_endpoints_test

import data.vigil.gcp.gke.legacy_metadata_endpoints as p
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
	results := p.deny with input as _res("google_container_node_pool", "terraform", {"node_config": {"metadata": {"disable-legacy-endpoints": "false"}}})
	_paths(results) == {"/node_config/metadata/disable-legacy-endpoints"}
	some r in results
	r.fix == [{"op": "replace", "path": "/node_config/metadata/disable-legacy-endpoints", "value": "true"}]
	r.fix_safety == "unsafe"
}

test_tf_cluster if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {
		"node_config": {"metadata": {"disable-legacy-endpoints": false}},
		"node_pool": [{"name": "a"}, {"name": "b", "node_config": {"metadata": {"disable-legacy-endpoints": "FALSE"}}}],
	})
	_paths(results) == {"/node_config/metadata/disable-legacy-endpoints", "/node_pool/1/node_config/metadata/disable-legacy-endpoints"}
}

test_tf_defaults if {
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {"metadata": {"disable-legacy-endpoints": "true"}}})
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"node_config": {"machine_type": "e2-medium"}})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
}

test_pulumi if {
	_paths(p.deny) == {"/nodeConfig/metadata/disable-legacy-endpoints"} with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"metadata": {"disable-legacy-endpoints": "false"}}})
	_paths(p.deny) == {"/nodePools/0/nodeConfig/metadata/disable-legacy-endpoints"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"nodePools": [{"nodeConfig": {"metadata": {"disable-legacy-endpoints": false}}}]})
	count(p.deny) == 0 with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"metadata": {"disable-legacy-endpoints": "true"}}})
}
