package vigil.gcp.gke.legacy_abac_test

import data.vigil.gcp.gke.legacy_abac as p
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

test_tf_enabled if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"enable_legacy_abac": true})
	{r.path | some r in results} == {"/enable_legacy_abac"}
	some r in results
	r.fix == [{"op": "replace", "path": "/enable_legacy_abac", "value": false}]
}

test_tf_default_or_off if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"enable_legacy_abac": false})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"enable_legacy_abac": "false"})
}

test_pulumi_enabled if {
	results := p.deny with input as _res("gcp:container/cluster:Cluster", "pulumi", {"enableLegacyAbac": true})
	{r.path | some r in results} == {"/enableLegacyAbac"}
}

test_pulumi_default if {
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "europe-west1"})
}
