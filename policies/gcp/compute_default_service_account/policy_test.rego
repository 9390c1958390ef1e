package vigil.gcp.compute.default_service_account_test

import data.vigil.gcp.compute.default_service_account as p
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

test_tf_no_email if {
	_paths(p.deny) == {"/service_account/email"} with input as _res("google_compute_instance", "terraform", {"service_account": {"scopes": ["logging-write"]}})
}

test_tf_default_names if {
	_paths(p.deny) == {"/service_account/email"} with input as _res("google_compute_instance_template", "terraform", {"service_account": {"email": "default", "scopes": []}})
	_paths(p.deny) == {"/service_account/email"} with input as _res("google_compute_instance", "terraform", {"service_account": {"email": "123456789012-compute@developer.gserviceaccount.com"}})
}

test_tf_dedicated_or_none if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"service_account": {"email": "app@acme.iam.gserviceaccount.com", "scopes": ["cloud-platform"]}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"service_account": {"email": "${google_service_account.app.email}"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"name": "vm"})
}

test_pulumi if {
	_paths(p.deny) == {"/serviceAccount/email"} with input as _res("gcp:compute/instance:Instance", "pulumi", {"serviceAccount": {"scopes": ["cloud-platform"]}})
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"serviceAccount": {"email": "${sa.email}", "scopes": ["cloud-platform"]}})
}
