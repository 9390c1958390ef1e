package vigil.gcp.bigquery.dataset_public_test

import data.vigil.gcp.bigquery.dataset_public as p
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

test_tf_dataset_access if {
	results := p.deny with input as _res("google_bigquery_dataset", "terraform", {"dataset_id": "sales", "access": [
		{"role": "OWNER", "user_by_email": "owner@acme.example"},
		{"role": "READER", "special_group": "allAuthenticatedUsers"},
		{"role": "READER", "iam_member": "allUsers"},
	]})
	_paths(results) == {"/access/1/special_group", "/access/2/iam_member"}
}

test_tf_single_access_block if {
	_paths(p.deny) == {"/access/special_group"} with input as _res("google_bigquery_dataset", "terraform", {"access": {"role": "READER", "special_group": "allAuthenticatedUsers"}})
}

test_tf_dataset_private if {
	count(p.deny) == 0 with input as _res("google_bigquery_dataset", "terraform", {"access": [
		{"role": "OWNER", "special_group": "projectOwners"},
		{"role": "READER", "group_by_email": "analysts@acme.example"},
		{"role": "READER", "iam_member": "${var.reader}"},
	]})
	count(p.deny) == 0 with input as _res("google_bigquery_dataset", "terraform", {"dataset_id": "sales"})
}

test_tf_access_resource if {
	_paths(p.deny) == {"/iam_member"} with input as _res("google_bigquery_dataset_access", "terraform", {"dataset_id": "sales", "role": "READER", "iam_member": "allUsers"})
}

test_tf_iam if {
	_paths(p.deny) == {"/member"} with input as _res("google_bigquery_dataset_iam_member", "terraform", {"role": "roles/bigquery.dataViewer", "member": "allUsers"})
	_paths(p.deny) == {"/members/1"} with input as _res("google_bigquery_dataset_iam_binding", "terraform", {"role": "roles/bigquery.dataViewer", "members": ["group:a@acme.example", "allAuthenticatedUsers"]})
	count(p.deny) == 0 with input as _res("google_bigquery_dataset_iam_member", "terraform", {"role": "roles/bigquery.dataViewer", "member": "group:allusers@acme.example"})
}

test_pulumi if {
	_paths(p.deny) == {"/accesses/0/specialGroup"} with input as _res("gcp:bigquery/dataset:Dataset", "pulumi", {"accesses": [{"role": "READER", "specialGroup": "allAuthenticatedUsers"}]})
	_paths(p.deny) == {"/member"} with input as _res("gcp:bigquery/datasetIamMember:DatasetIamMember", "pulumi", {"member": "allUsers"})
	count(p.deny) == 0 with input as _res("gcp:bigquery/dataset:Dataset", "pulumi", {"accesses": [{"role": "READER", "groupByEmail": "analysts@acme.example"}]})
}
