package vigil.gcp.secretmanager.secret_public_test

import data.vigil.gcp.secretmanager.secret_public as p
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
	results := p.deny with input as _res("google_secret_manager_secret_iam_member", "terraform", {"role": "roles/viewer", "member": "allUsers"})
	_paths(results) == {"/member"}
	some r in results
	contains(r.msg, "anyone on the internet")
}

test_tf_binding if {
	_paths(p.deny) == {"/members/1"} with input as _res("google_secret_manager_secret_iam_binding", "terraform", {"role": "roles/viewer", "members": ["group:team@acme.example", "allAuthenticatedUsers"]})
}

test_tf_private if {
	count(p.deny) == 0 with input as _res("google_secret_manager_secret_iam_member", "terraform", {"role": "roles/viewer", "member": "serviceAccount:app@acme.iam.gserviceaccount.com"})
	count(p.deny) == 0 with input as _res("google_secret_manager_secret_iam_member", "terraform", {"role": "roles/viewer", "member": "${var.member}"})
	count(p.deny) == 0 with input as _res("google_secret_manager_secret_iam_binding", "terraform", {"role": "roles/viewer", "members": ["group:allusers@acme.example"]})
}

test_pulumi if {
	_paths(p.deny) == {"/member"} with input as _res("gcp:secretmanager/secretIamMember:SecretIamMember", "pulumi", {"role": "roles/viewer", "member": "allAuthenticatedUsers"})
	_paths(p.deny) == {"/members/0"} with input as _res("gcp:secretmanager/secretIamBinding:SecretIamBinding", "pulumi", {"role": "roles/viewer", "members": ["allUsers"]})
	count(p.deny) == 0 with input as _res("gcp:secretmanager/secretIamMember:SecretIamMember", "pulumi", {"role": "roles/viewer", "member": "user:a@acme.example"})
}
