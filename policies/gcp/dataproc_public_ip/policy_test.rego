package vigil.gcp.dataproc.public_ip_test

import data.vigil.gcp.dataproc.public_ip as p
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

test_tf_public if {
	results := p.deny with input as _res("google_dataproc_cluster", "terraform", {"cluster_config": {"gce_cluster_config": {"internal_ip_only": false}}})
	some r in results
	r.path == "/cluster_config/gce_cluster_config/internal_ip_only"
	r.fix == [{"op": "replace", "path": r.path, "value": true}]
}

test_tf_private_or_default if {
	count(p.deny) == 0 with input as _res("google_dataproc_cluster", "terraform", {"cluster_config": {"gce_cluster_config": {"internal_ip_only": true}}})
	count(p.deny) == 0 with input as _res("google_dataproc_cluster", "terraform", {"cluster_config": {"master_config": {"num_instances": 1}}})
}

test_pulumi if {
	count(p.deny) == 1 with input as _res("gcp:dataproc/cluster:Cluster", "pulumi", {"clusterConfig": {"gceClusterConfig": {"internalIpOnly": false}}})
	count(p.deny) == 0 with input as _res("gcp:dataproc/cluster:Cluster", "pulumi", {"clusterConfig": {"gceClusterConfig": {"internalIpOnly": true}}})
}
