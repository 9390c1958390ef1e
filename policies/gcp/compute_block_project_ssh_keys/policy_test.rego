package vigil.gcp.compute.block_project_ssh_keys_test

import data.vigil.gcp.compute.block_project_ssh_keys as p
import data.vigil.lib
import rego.v1

_r(type, source, values) := {
	"address": "vm",
	"type": type,
	"name": "vm",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}

_tf(values) := {"resource": _r("google_compute_instance", "terraform", values)}

_paths(results) := {r.path | some r in results}

test_tf_missing_metadata if {
	results := p.deny with input as _tf({"name": "vm"})
	_paths(results) == {"/metadata/block-project-ssh-keys"}
	some r in results
	r.fix == [{"op": "add", "path": "/metadata", "value": {"block-project-ssh-keys": "TRUE"}, "hcl": "attribute"}]
}

test_tf_missing_key if {
	results := p.deny with input as _tf({"metadata": {"startup-script": "echo hi"}})
	some r in results
	r.fix == [{"op": "add", "path": "/metadata/block-project-ssh-keys", "value": "TRUE"}]
}

test_tf_false if {
	results := p.deny with input as _tf({"metadata": {"block-project-ssh-keys": "false"}})
	some r in results
	r.fix == [{"op": "replace", "path": "/metadata/block-project-ssh-keys", "value": "TRUE"}]
}

test_tf_blocked if {
	count(p.deny) == 0 with input as _tf({"metadata": {"block-project-ssh-keys": "TRUE"}})
	count(p.deny) == 0 with input as _tf({"metadata": {"block-project-ssh-keys": true}})
}

test_tf_os_login_on_instance if {
	count(p.deny) == 0 with input as _tf({"metadata": {"enable-oslogin": "TRUE"}})
}

test_os_login_off_on_instance_overrides_project if {
	project := _r("google_compute_project_metadata", "terraform", {"metadata": {"enable-oslogin": "TRUE"}})
	results := p.deny with input as _tf({"metadata": {"enable-oslogin": "FALSE"}}) with data.vigil.stack as lib.stack_of([project])
	count(results) == 1
}

test_tf_os_login_for_project if {
	item := _r("google_compute_project_metadata_item", "terraform", {"key": "enable-oslogin", "value": "TRUE"})
	results := p.deny with input as _tf({"name": "vm"}) with data.vigil.stack as lib.stack_of([item])
	count(results) == 0
}

test_pulumi_missing if {
	results := p.deny with input as {"resource": _r("gcp:compute/instanceTemplate:InstanceTemplate", "pulumi", {"metadata": {"foo": "bar"}})}
	_paths(results) == {"/metadata/block-project-ssh-keys"}
}

test_pulumi_os_login_project if {
	project := _r("gcp:compute/projectMetadata:ProjectMetadata", "pulumi", {"metadata": {"enable-oslogin": "TRUE"}})
	inp := {"resource": _r("gcp:compute/instance:Instance", "pulumi", {})}
	count(p.deny) == 0 with input as inp with data.vigil.stack as lib.stack_of([project])
}

test_pulumi_blocked if {
	count(p.deny) == 0 with input as {"resource": _r("gcp:compute/instance:Instance", "pulumi", {"metadata": {"block-project-ssh-keys": "true"}})}
}
