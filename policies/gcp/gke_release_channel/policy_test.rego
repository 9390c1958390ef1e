package vigil.gcp.gke.release_channel_test

import data.vigil.gcp.gke.release_channel as p
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

test_tf_unspecified if {
	results := p.deny with input as _res("google_container_cluster", "terraform", {"release_channel": {"channel": "UNSPECIFIED"}})
	some r in results
	r.path == "/release_channel/channel"
	r.fix == [{"op": "replace", "path": "/release_channel/channel", "value": "REGULAR"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"release_channel": {"channel": "STABLE"}})
	count(p.deny) == 0 with input as _res("google_container_cluster", "terraform", {"name": "c"})
}

test_pulumi if {
	count(p.deny) == 1 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"releaseChannel": {"channel": "UNSPECIFIED"}})
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"releaseChannel": {"channel": "REGULAR"}})
}
