package vigil.gcp.gke.alpha_features_test

import data.vigil.gcp.gke.alpha_features as p
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

test_tf if {
	{r.path | some r in p.deny} == {"/enable_kubernetes_alpha"} with input as _res("google_container_cluster", "terraform", {"enable_kubernetes_alpha": true})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"enable_kubernetes_alpha": false})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/enableKubernetesAlpha"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"enableKubernetesAlpha": true})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "x"})
}
