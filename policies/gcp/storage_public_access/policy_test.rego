package vigil.gcp.storage.public_access_test

import data.vigil.gcp.storage.public_access as p
import rego.v1

_res(type, values) := {"resource": {
	"address": sprintf("%s.public", [type]),
	"type": type,
	"name": "public",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

test_iam_member_all_users if {
	results := p.deny with input as _res("google_storage_bucket_iam_member", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"member": "allUsers",
	})
	_paths(results) == {"/member"}
	some r in results
	contains(r.msg, "acme-site")
	contains(r.msg, "roles/storage.objectViewer")
	not r.fix
}

test_iam_member_all_authenticated_users if {
	results := p.deny with input as _res("google_storage_bucket_iam_member", {
		"bucket": "${google_storage_bucket.site.name}",
		"role": "roles/storage.objectViewer",
		"member": "allAuthenticatedUsers",
	})
	_paths(results) == {"/member"}
}

test_iam_member_private if {
	results := p.deny with input as _res("google_storage_bucket_iam_member", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"member": "group:web-team@acme.example",
	})
	count(results) == 0
}

test_iam_binding if {
	results := p.deny with input as _res("google_storage_bucket_iam_binding", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"members": ["serviceAccount:cdn@acme.iam.gserviceaccount.com", "allUsers", "allAuthenticatedUsers"],
	})
	_paths(results) == {"/members/1", "/members/2"}
}

test_iam_binding_private if {
	results := p.deny with input as _res("google_storage_bucket_iam_binding", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"members": ["user:ana@acme.example", "domain:acme.example"],
	})
	count(results) == 0
}

test_bucket_acl_role_entity if {
	results := p.deny with input as _res("google_storage_bucket_acl", {
		"bucket": "acme-site",
		"role_entity": ["OWNER:user:ops@acme.example", "READER:allUsers"],
	})
	_paths(results) == {"/role_entity/1"}
}

test_bucket_acl_predefined if {
	results := p.deny with input as _res("google_storage_bucket_acl", {
		"bucket": "acme-site",
		"predefined_acl": "publicRead",
	})
	_paths(results) == {"/predefined_acl"}
}

test_bucket_acl_private if {
	results := p.deny with input as _res("google_storage_bucket_acl", {
		"bucket": "acme-site",
		"predefined_acl": "projectPrivate",
		"role_entity": ["READER:group-web@acme.example"],
	})
	count(results) == 0
}

test_default_object_acl if {
	results := p.deny with input as _res("google_storage_default_object_acl", {
		"bucket": "acme-site",
		"role_entity": ["READER:allAuthenticatedUsers"],
	})
	_paths(results) == {"/role_entity/0"}
}

test_access_control if {
	results := p.deny with input as _res("google_storage_bucket_access_control", {
		"bucket": "acme-site",
		"role": "READER",
		"entity": "allUsers",
	})
	_paths(results) == {"/entity"}
}

test_unknown_members_do_not_fire if {
	results := p.deny with input as _res("google_storage_bucket_iam_binding", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"members": ["${var.reader}"],
	})
	count(results) == 0
}

test_lookalike_principal_is_not_public if {
	results := p.deny with input as _res("google_storage_bucket_iam_member", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"member": "group:allusers@acme.example",
	})
	count(results) == 0
}

_pulumi(type, values) := {"resource": {
	"address": "public",
	"type": type,
	"name": "public",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

test_pulumi_iam_member if {
	results := p.deny with input as _pulumi("gcp:storage/bucketIAMMember:BucketIAMMember", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"member": "allUsers",
	})
	_paths(results) == {"/member"}
}

test_pulumi_iam_binding if {
	results := p.deny with input as _pulumi("gcp:storage/bucketIAMBinding:BucketIAMBinding", {
		"bucket": "acme-site",
		"role": "roles/storage.objectViewer",
		"members": ["group:web@acme.example", "allAuthenticatedUsers"],
	})
	_paths(results) == {"/members/1"}
}

test_pulumi_bucket_acl if {
	results := p.deny with input as _pulumi("gcp:storage/bucketACL:BucketACL", {
		"bucket": "acme-site",
		"predefinedAcl": "publicRead",
		"roleEntities": ["OWNER:user:ops@acme.example", "READER:allUsers"],
	})
	_paths(results) == {"/predefinedAcl", "/roleEntities/1"}
}

test_pulumi_default_object_access_control if {
	results := p.deny with input as _pulumi("gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl", {
		"bucket": "acme-site",
		"role": "READER",
		"entity": "allUsers",
	})
	_paths(results) == {"/entity"}
}

test_pulumi_private if {
	results := p.deny with input as _pulumi("gcp:storage/bucketACL:BucketACL", {
		"bucket": "acme-site",
		"predefinedAcl": "projectPrivate",
		"roleEntities": ["READER:group-web@acme.example"],
	})
	count(results) == 0
}
