package vigil.gcp.compute.default_service_account_full_scopes_test

import data.vigil.gcp.compute.default_service_account_full_scopes as p
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

test_tf_no_email_full_scope if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {"service_account": {"scopes": ["cloud-platform"]}})
	_paths(results) == {"/service_account/scopes/0"}
	some r in results
	not r.fix
}

test_tf_default_address if {
	results := p.deny with input as _res("google_compute_instance_template", "terraform", {"service_account": {
		"email": "123456789012-compute@developer.gserviceaccount.com",
		"scopes": ["userinfo-email", "https://www.googleapis.com/auth/cloud-platform"],
	}})
	_paths(results) == {"/service_account/scopes/1"}
	some r in results
	contains(r.msg, "123456789012-compute@")
}

test_tf_dedicated_account if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"service_account": {
		"email": "app@acme-prod.iam.gserviceaccount.com",
		"scopes": ["cloud-platform"],
	}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"service_account": {
		"email": "${google_service_account.app.email}",
		"scopes": ["cloud-platform"],
	}})
}

test_tf_default_account_narrow_scopes if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"service_account": {"scopes": ["logging-write", "monitoring-write"]}})
}

test_tf_no_service_account if {
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"name": "vm"})
}

test_pulumi_default if {
	results := p.deny with input as _res("gcp:compute/instance:Instance", "pulumi", {"serviceAccount": {"email": "default", "scopes": ["cloud-platform"]}})
	_paths(results) == {"/serviceAccount/scopes/0"}
}

test_pulumi_dedicated if {
	count(p.deny) == 0 with input as _res("gcp:compute/instance:Instance", "pulumi", {"serviceAccount": {"email": "${appSa.email}", "scopes": ["cloud-platform"]}})
}
