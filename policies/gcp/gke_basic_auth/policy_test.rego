package vigil.gcp.gke.basic_auth_test

import data.vigil.gcp.gke.basic_auth as p
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

test_tf_basic_auth if {
	_paths(p.deny) == {"/master_auth/username", "/master_auth/password"} with input as _res("google_container_cluster", "terraform", {"master_auth": {"username": "admin", "password": "${var.admin_password}"}})
}

test_tf_disabled if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"master_auth": {"username": "", "password": "", "client_certificate_config": {"issue_client_certificate": false}}})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
}

test_pulumi if {
	_paths(p.deny) == {"/masterAuth/username"} with input as _res("gcp:container/cluster:Cluster", "pulumi", {"masterAuth": {"username": "admin"}})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"masterAuth": {"username": ""}})
}
