package vigil.gcp.gke.monitoring_test

import data.vigil.gcp.gke.monitoring as p
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

test_tf_none if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"monitoring_service": "none"})
	_paths(results) == {"/monitoring_service"}
	some r in results
	r.fix == [{"op": "replace", "path": "/monitoring_service", "value": "monitoring.googleapis.com/kubernetes"}]
}

test_tf_no_components if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"monitoring_config": {"enable_components": []}})
	_paths(results) == {"/monitoring_config/enable_components"}
}

test_tf_defaults if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"monitoring_service": "monitoring.googleapis.com/kubernetes"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"monitoring_config": {"enable_components": ["SYSTEM_COMPONENTS"]}})
}

test_pulumi if {
	_paths(p.deny) == {"/monitoringService"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"monitoringService": "none"})
	_paths(p.deny) == {"/monitoringConfig/enableComponents"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"monitoringConfig": {"enableComponents": []}})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "x"})
}
