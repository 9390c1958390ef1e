package vigil.gcp.compute.ip_forwarding_test

import data.vigil.gcp.compute.ip_forwarding as p
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

test_tf_enabled if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {"can_ip_forward": true})
	results == {{
		"msg": p._tf_msg,
		"path": "/can_ip_forward",
		"fix": [{"op": "replace", "path": "/can_ip_forward", "value": false}],
		"fix_safety": "unsafe",
	}}
}

test_tf_template_string if {
	results := p.deny with input as _res("google_compute_instance_template", "terraform", {"can_ip_forward": "true"})
	count(results) == 1
}

test_tf_off_or_default if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"can_ip_forward": false})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"name": "vm"})
}

test_pulumi_enabled if {
	results := p.deny with input as _res("gcp:compute/instance:Instance", "pulumi", {"canIpForward": true})
	{r.path | some r in results} == {"/canIpForward"}
}

test_pulumi_default if {
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"machineType": "e2-small"})
}
