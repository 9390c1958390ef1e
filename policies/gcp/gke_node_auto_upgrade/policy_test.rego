package vigil.gcp.gke.node_auto_upgrade_test

import data.vigil.gcp.gke.node_auto_upgrade as p
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

test_tf_node_pool_off if {
	results := p.deny with input as _res("google_container_node_pool", "terraform", {"management": {"auto_upgrade": false}})
	_paths(results) == {"/management/auto_upgrade"}
	some r in results
	r.fix == [{"op": "replace", "path": "/management/auto_upgrade", "value": true}]
}

test_tf_cluster_inline_pools if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"node_pool": [
		{"name": "a", "management": {"auto_upgrade": true}},
		{"name": "b", "management": {"auto_upgrade": "false"}},
	]})
	_paths(results) == {"/node_pool/1/management/auto_upgrade"}
}

test_tf_defaults if {
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"name": "pool"})
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"management": {}})
	count(p.deny) == 0 with input as _res("google_container_node_pool", "terraform", {"management": {"auto_upgrade": true}})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"node_pool": {"name": "a"}})
}

test_pulumi if {
	_paths(p.deny) == {"/management/autoUpgrade"} with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"management": {"autoUpgrade": false}})
	_paths(p.deny) == {"/nodePools/0/management/autoUpgrade"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"nodePools": [{"management": {"autoUpgrade": false}}]})
	count(p.deny) == 0 with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"management": {"autoUpgrade": true}})
}
