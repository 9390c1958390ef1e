package vigil.gcp.gke.client_certificate_test

import data.vigil.gcp.gke.client_certificate as p
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

test_tf_issued if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"master_auth": {"client_certificate_config": {"issue_client_certificate": true}}})
	some r in results
	r.path == "/master_auth/client_certificate_config/issue_client_certificate"
	r.fix == [{"op": "replace", "path": r.path, "value": false}]
}

test_tf_default if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"master_auth": {"client_certificate_config": {"issue_client_certificate": false}}})
}

test_pulumi if {
	count(p.deny) == 1 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"masterAuth": {"clientCertificateConfig": {"issueClientCertificate": true}}})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"masterAuth": {"clientCertificateConfig": {"issueClientCertificate": false}}})
}
