package vigil.gcp.iam.primitive_roles_test

import data.vigil.gcp.iam.primitive_roles as p
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

test_tf_owner_user if {
	results := p.deny with input as _res("google_project_iam_member", "terraform", {"project": "acme", "role": "roles/owner", "member": "user:ana@acme.example"})
	_paths(results) == {"/member"}
	some r in results
	contains(r.msg, "IAM included")
}

test_tf_editor_binding if {
	results := p.deny with input as _res("google_project_iam_binding", "terraform", {"project": "acme", "role": "roles/editor", "members": [
		"serviceAccount:ci@acme.iam.gserviceaccount.com",
		"group:developers@acme.example",
	]})
	_paths(results) == {"/members/1"}
}

test_tf_folder_and_org if {
	count(p.deny) == 1 with input as _res("google_folder_iam_member", "terraform", {"folder": "folders/1", "role": "roles/editor", "member": "user:bo@acme.example"})
	count(p.deny) == 1 with input as _res("google_organization_iam_member", "terraform", {"org_id": "1", "role": "roles/owner", "member": "group:admins@acme.example"})
}

test_tf_not_reported if {
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/viewer", "member": "user:ana@acme.example"})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/editor", "member": "serviceAccount:ci@acme.iam.gserviceaccount.com"})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/owner", "member": "${var.owner}"})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "${var.role}", "member": "user:ana@acme.example"})
}

test_pulumi if {
	_paths(p.deny) == {"/member"} with input as _res("gcp:projects/iAMMember:IAMMember", "pulumi", {"role": "roles/owner", "member": "user:ana@acme.example"})
	_paths(p.deny) == {"/members/0"} with input as _res("gcp:projects/iAMBinding:IAMBinding", "pulumi", {"role": "roles/editor", "members": ["group:dev@acme.example"]})
	count(p.deny) == 0 with input as _res("gcp:projects/iAMMember:IAMMember", "pulumi", {"role": "roles/storage.admin", "member": "user:ana@acme.example"})
}
