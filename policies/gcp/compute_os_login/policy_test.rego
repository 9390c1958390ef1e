package vigil.gcp.compute.os_login_test

import data.vigil.gcp.compute.os_login as p
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

test_tf_instance_off if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {"metadata": {"enable-oslogin": "FALSE"}})
	_paths(results) == {"/metadata/enable-oslogin"}
	some r in results
	r.fix == [{"op": "replace", "path": "/metadata/enable-oslogin", "value": "TRUE"}]
}

test_tf_template_zero if {
	results := p.deny with input as _res("google_compute_region_instance_template", "terraform", {"metadata": {"enable-oslogin": 0}})
	_paths(results) == {"/metadata/enable-oslogin"}
}

test_tf_item_off if {
	results := p.deny with input as _res("google_compute_project_metadata_item", "terraform", {"key": "enable-oslogin", "value": "false"})
	_paths(results) == {"/value"}
}

test_tf_on_or_absent if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"metadata": {"enable-oslogin": "TRUE"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"metadata": {"ssh-keys": "ana:ssh-ed25519 AAAA"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"metadata": {"enable-oslogin": "${var.oslogin}"}})
}

test_pulumi_off if {
	results := p.deny with input as _res("gcp:compute/instanceTemplate:InstanceTemplate", "pulumi", {"metadata": {"enable-oslogin": false}})
	_paths(results) == {"/metadata/enable-oslogin"}
}

test_pulumi_on if {
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"metadata": {"enable-oslogin": "TRUE"}})
}
