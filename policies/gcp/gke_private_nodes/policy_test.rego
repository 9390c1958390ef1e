package vigil.gcp.gke.private_nodes_test

import data.vigil.gcp.gke.private_nodes as p
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

test_tf_missing if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"name": "c"})
	_paths(results) == {"/private_cluster_config/enable_private_nodes"}
	some r in results
	not r.fix
}

test_tf_false if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"private_cluster_config": {"enable_private_nodes": false}})
	some r in results
	contains(r.msg, "is false")
}

test_tf_private if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"private_cluster_config": {"enable_private_nodes": true}})
}

test_pulumi if {
	results := p.deny with input as _res("gcp:container/cluster:Cluster", "pulumi", {"privateClusterConfig": {"enablePrivateEndpoint": false}})
	_paths(results) == {"/privateClusterConfig/enablePrivateNodes"}
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"privateClusterConfig": {"enablePrivateNodes": true}})
}
