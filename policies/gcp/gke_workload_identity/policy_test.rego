package vigil.gcp.gke.workload_identity_test

import data.vigil.gcp.gke.workload_identity as p
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

_tf(values) := _res("google_container_cluster", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	_paths(p.deny) == {"/workload_identity_config/workload_pool"} with input as _tf({"name": "c"})
	_paths(p.deny) == {"/workload_identity_config/workload_pool"} with input as _tf({"workload_identity_config": {"workload_pool": ""}})
}

test_tf_enabled if {
	count(p.deny) == 0 with input as _tf({"workload_identity_config": {"workload_pool": "acme-prod.svc.id.goog"}})
	count(p.deny) == 0 with input as _tf({"workload_identity_config": {"workload_pool": "${var.project_id}.svc.id.goog"}})
	count(p.deny) == 0 with input as _tf({"enable_autopilot": true})
	count(p.deny) == 0 with input as _tf({"workload_identity_config": {"identity_namespace": "acme-prod.svc.id.goog"}})
}

test_pulumi if {
	_paths(p.deny) == {"/workloadIdentityConfig/workloadPool"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "x"})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"workloadIdentityConfig": {"workloadPool": "acme-prod.svc.id.goog"}})
}
