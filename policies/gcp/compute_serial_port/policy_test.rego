package vigil.gcp.compute.serial_port_test

import data.vigil.gcp.compute.serial_port as p
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

test_tf_instance_enabled if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {"name": "vm", "metadata": {"serial-port-enable": "TRUE"}})
	_paths(results) == {"/metadata/serial-port-enable"}
	some r in results
	r.fix == [{"op": "replace", "path": "/metadata/serial-port-enable", "value": "FALSE"}]
	r.fix_safety == "unsafe"
}

test_tf_template_one if {
	results := p.deny with input as _res("google_compute_instance_template", "terraform", {"metadata": {"serial-port-enable": "1"}})
	_paths(results) == {"/metadata/serial-port-enable"}
}

test_tf_project_item if {
	results := p.deny with input as _res("google_compute_project_metadata_item", "terraform", {"key": "serial-port-enable", "value": "true"})
	_paths(results) == {"/value"}
}

test_tf_disabled_or_absent if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"metadata": {"serial-port-enable": "FALSE"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"metadata": {"enable-oslogin": "TRUE"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"name": "vm"})
	count(p.deny) == 0 with input as _res("google_compute_project_metadata_item", "terraform", {"key": "enable-oslogin", "value": "TRUE"})
}

test_tf_unknown if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"metadata": {"serial-port-enable": "${var.serial}"}})
}

test_pulumi_instance_boolean if {
	results := p.deny with input as _res("gcp:compute/instance:Instance", "pulumi", {"metadata": {"serial-port-enable": true}})
	_paths(results) == {"/metadata/serial-port-enable"}
}

test_pulumi_project_metadata if {
	results := p.deny with input as _res("gcp:compute/projectMetadata:ProjectMetadata", "pulumi", {"metadata": {"serial-port-enable": "TRUE"}})
	_paths(results) == {"/metadata/serial-port-enable"}
}

test_pulumi_off if {
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"metadata": {"serial-port-enable": "false"}})
}
