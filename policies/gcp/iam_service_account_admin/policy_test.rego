package vigil.gcp.iam.service_account_admin_test

import data.vigil.gcp.iam.service_account_admin as p
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

test_tf_editor if {
	results := p.deny with input as _res("google_project_iam_member", "terraform", {"role": "roles/editor", "member": "serviceAccount:ci@acme.iam.gserviceaccount.com"})
	_paths(results) == {"/member"}
	some r in results
	contains(r.msg, "ci@acme.iam.gserviceaccount.com")
	contains(r.msg, "the whole project")
}

test_tf_admin_binding if {
	_paths(p.deny) == {"/members/0"} with input as _res("google_project_iam_binding", "terraform", {"role": "roles/storage.admin", "members": ["serviceAccount:app@acme.iam.gserviceaccount.com", "group:ops@acme.example"]})
	count(p.deny) == 1 with input as _res("google_project_iam_member", "terraform", {"role": "roles/iam.serviceAccountAdmin", "member": "serviceAccount:x@acme.iam.gserviceaccount.com"})
}

test_tf_not_reported if {
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/storage.objectAdmin2", "member": "serviceAccount:x@acme.iam.gserviceaccount.com"})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/storage.objectViewer", "member": "serviceAccount:x@acme.iam.gserviceaccount.com"})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/editor", "member": "group:dev@acme.example"})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/editor", "member": "${var.member}"})
}

test_pulumi if {
	_paths(p.deny) == {"/member"} with input as _res("gcp:projects/iAMMember:IAMMember", "pulumi", {"role": "roles/owner", "member": "serviceAccount:ci@acme.iam.gserviceaccount.com"})
	count(p.deny) == 0 with input as _res("gcp:projects/iAMMember:IAMMember", "pulumi", {"role": "roles/logging.logWriter", "member": "serviceAccount:ci@acme.iam.gserviceaccount.com"})
}
