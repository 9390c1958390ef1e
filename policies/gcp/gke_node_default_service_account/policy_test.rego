package vigil.gcp.gke.node_default_service_account_test

import data.vigil.gcp.gke.node_default_service_account as p
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

_pool(values) := _res("google_container_node_pool", "terraform", values)

_cluster(values) := _res("google_container_cluster", "terraform", values)

_paths(results) := {r.path | some r in results}

test_pool_without_sa if {
	_paths(p.deny) == {"/node_config/service_account"} with input as _pool({"node_config": {"machine_type": "e2-medium"}})
	_paths(p.deny) == {"/node_config/service_account"} with input as _pool({"node_count": 1})
	_paths(p.deny) == {"/node_config/service_account"} with input as _pool({"node_config": {"service_account": "123-compute@developer.gserviceaccount.com"}})
}

test_pool_with_sa if {
	count(p.deny) == 0 with input as _pool({"node_config": {"service_account": "gke-nodes@acme.iam.gserviceaccount.com"}})
	count(p.deny) == 0 with input as _pool({"node_config": {"service_account": "${google_service_account.nodes.email}"}})
}

test_cluster_default_pool if {
	_paths(p.deny) == {"/node_config/service_account"} with input as _cluster({"initial_node_count": 1})
	count(p.deny) == 0 with input as _cluster({"initial_node_count": 1, "remove_default_node_pool": true})
	count(p.deny) == 0 with input as _cluster({"enable_autopilot": true})
	count(p.deny) == 0 with input as _cluster({"remove_default_node_pool": true, "node_config": {"machine_type": "e2-small"}})
	_paths(p.deny) == {"/node_config/service_account"} with input as _cluster({"node_config": {"machine_type": "e2-small"}})
}

test_cluster_inline_pools if {
	_paths(p.deny) == {"/node_pool/1/node_config/service_account", "/node_pool/2/node_config/service_account"} with input as _cluster({"node_pool": [
		{"name": "a", "node_config": {"service_account": "nodes@acme.iam.gserviceaccount.com"}},
		{"name": "b", "node_config": {"machine_type": "e2-medium"}},
		{"name": "c"},
	]})
}

test_pulumi if {
	_paths(p.deny) == {"/nodeConfig/serviceAccount"} with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"machineType": "e2-medium"}})
	count(p.deny) == 0 with input as _res("gcp:container/nodePool:NodePool", "pulumi", {"nodeConfig": {"serviceAccount": "${nodes.email}"}})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"removeDefaultNodePool": true, "initialNodeCount": 1})
}
