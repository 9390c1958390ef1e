package vigil.gcp.compute.public_ip_test

import data.vigil.gcp.compute.public_ip as p
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

test_tf_ephemeral if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {"network_interface": {"network": "default", "access_config": {}}})
	_paths(results) == {"/network_interface/access_config"}
	some r in results
	r.fix == [{"op": "remove", "path": "/network_interface/access_config"}]
}

test_tf_second_interface if {
	results := p.deny with input as _res("google_compute_instance_template", "terraform", {"network_interface": [
		{"network": "internal"},
		{"network": "dmz", "access_config": {"nat_ip": "${google_compute_address.dmz.address}"}},
	]})
	_paths(results) == {"/network_interface/1/access_config"}
}

test_tf_private if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"network_interface": {"subnetwork": "private"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"network_interface": {"access_config": "${dynamic.access_config}"}})
}

test_pulumi_public if {
	results := p.deny with input as _res("gcp:compute/instance:Instance", "pulumi", {"networkInterfaces": [{"network": "default", "accessConfigs": [{}]}]})
	_paths(results) == {"/networkInterfaces/0/accessConfigs/0"}
}

test_pulumi_private if {
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"networkInterfaces": [{"network": "default"}]})
}
