package vigil.gcp.compute.shielded_vm_test

import data.vigil.gcp.compute.shielded_vm as p
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

test_tf_both_off if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {"shielded_instance_config": {
		"enable_secure_boot": true,
		"enable_vtpm": false,
		"enable_integrity_monitoring": "false",
	}})
	_paths(results) == {"/shielded_instance_config/enable_vtpm", "/shielded_instance_config/enable_integrity_monitoring"}
	some r in results
	r.fix == [{"op": "replace", "path": "/shielded_instance_config/enable_vtpm", "value": true}]
}

test_tf_defaults if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"name": "vm"})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"shielded_instance_config": {"enable_secure_boot": false}})
	count(p.deny) == 0 with input as _res("google_compute_instance_template", "terraform", {"shielded_instance_config": {"enable_vtpm": true, "enable_integrity_monitoring": true}})
}

test_pulumi_off if {
	results := p.deny with input as _res("gcp:compute/instanceTemplate:InstanceTemplate", "pulumi", {"shieldedInstanceConfig": {"enableIntegrityMonitoring": false}})
	_paths(results) == {"/shieldedInstanceConfig/enableIntegrityMonitoring"}
}

test_pulumi_on if {
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"shieldedInstanceConfig": {"enableSecureBoot": true}})
}
