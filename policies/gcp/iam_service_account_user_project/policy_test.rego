package vigil.gcp.iam.service_account_user_project_test

import data.vigil.gcp.iam.service_account_user_project as p
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

test_tf_member if {
	results := p.deny with input as _res("google_project_iam_member", "terraform", {"project": "acme", "role": "roles/iam.serviceAccountUser", "member": "group:dev@acme.example"})
	_paths(results) == {"/role"}
	some r in results
	contains(r.msg, "Service Account User")
}

test_tf_binding_token_creator if {
	results := p.deny with input as _res("google_project_iam_binding", "terraform", {"project": "acme", "role": "roles/iam.serviceAccountTokenCreator", "members": ["serviceAccount:ci@acme.iam.gserviceaccount.com"]})
	_paths(results) == {"/role"}
}

test_tf_other_roles_or_empty if {
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "roles/iam.serviceAccountViewer", "member": "group:dev@acme.example"})
	count(p.deny) == 0 with input as _res("google_project_iam_binding", "terraform", {"role": "roles/iam.serviceAccountUser", "members": []})
	count(p.deny) == 0 with input as _res("google_project_iam_member", "terraform", {"role": "${var.role}", "member": "group:dev@acme.example"})
	count(p.deny) == 0 with input as _res("google_service_account_iam_member", "terraform", {"role": "roles/iam.serviceAccountUser", "member": "group:dev@acme.example"})
}

test_pulumi if {
	_paths(p.deny) == {"/role"} with input as _res("gcp:projects/iAMMember:IAMMember", "pulumi", {"role": "roles/iam.serviceAccountUser", "member": "user:a@acme.example"})
	count(p.deny) == 0 with input as _res("gcp:projects/iAMMember:IAMMember", "pulumi", {"role": "roles/viewer", "member": "user:a@acme.example"})
}
