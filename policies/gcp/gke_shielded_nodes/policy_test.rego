package vigil.gcp.gke.shielded_nodes_test

import data.vigil.gcp.gke.shielded_nodes as p
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

test_tf_off if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"enable_shielded_nodes": false})
	some r in results
	r.path == "/enable_shielded_nodes"
	r.fix == [{"op": "replace", "path": "/enable_shielded_nodes", "value": true}]
}

test_tf_default_or_on if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"enable_shielded_nodes": true})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/enableShieldedNodes"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"enableShieldedNodes": false})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "x"})
}
