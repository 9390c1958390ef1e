package vigil.gcp.gke.logging_test

import data.vigil.gcp.gke.logging as p
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
	results := p.deny with input as _res("google_container_cluster", "terraform", {"logging_service": "none"})
	_paths(results) == {"/logging_service"}
	some r in results
	r.fix == [{"op": "replace", "path": "/logging_service", "value": "logging.googleapis.com/kubernetes"}]
}

test_tf_no_components if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"logging_config": {"enable_components": []}})
	_paths(results) == {"/logging_config/enable_components"}
}

test_tf_defaults if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"logging_service": "logging.googleapis.com/kubernetes"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"logging_config": {"enable_components": ["SYSTEM_COMPONENTS"]}})
}

test_pulumi if {
	_paths(p.deny) == {"/loggingService"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"loggingService": "none"})
	_paths(p.deny) == {"/loggingConfig/enableComponents"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"loggingConfig": {"enableComponents": []}})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "x"})
}
