# METADATA
# title: Cloud Storage buckets are not public
# description: Granting a bucket role to allUsers makes its data readable (or writable) by anyone on the internet without signing in, and allAuthenticatedUsers by anyone with any Google account, which is effectively the same. This flags IAM members and bindings on buckets and bucket or default object ACL entries that name either principal, and public predefined ACLs. Grant access to specific users, groups or service accounts instead; serve public content deliberately, for example through a load balancer with Cloud CDN.
# related_resources:
#   - https://cloud.google.com/storage/docs/access-control/making-data-public
#   - https://cloud.google.com/storage/docs/public-access-prevention
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket_iam
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket_acl
# custom:
#   id: VGL-GCP-002
#   severity: high
#   enforcement: mandatory
#   resources:
#     - google_storage_bucket_iam_member
#     - google_storage_bucket_iam_binding
#     - google_storage_bucket_acl
#     - google_storage_default_object_acl
#     - google_storage_bucket_access_control
#     - google_storage_default_object_access_control
#     - "gcp:storage/bucketIAMMember:BucketIAMMember"
#     - "gcp:storage/bucketIAMBinding:BucketIAMBinding"
#     - "gcp:storage/bucketACL:BucketACL"
#     - "gcp:storage/defaultObjectACL:DefaultObjectACL"
#     - "gcp:storage/bucketAccessControl:BucketAccessControl"
#     - "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl"
#   controls:
#     CIS-GCP-Foundations-3.0: ["5.1"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["7.2.1"]
#   aliases: [CKV_GCP_28, GCP-0001]
package vigil.gcp.storage.public_access

import rego.v1

# Each type, in Terraform and Pulumi, by what it is; Pulumi's attribute names are the
# Terraform names in lowerCamelCase, and `role_entity` is `roleEntities` (a list).
_kinds := {
	"google_storage_bucket_iam_member": "member",
	"gcp:storage/bucketIAMMember:BucketIAMMember": "member",
	"google_storage_bucket_iam_binding": "binding",
	"gcp:storage/bucketIAMBinding:BucketIAMBinding": "binding",
	"google_storage_bucket_acl": "bucket_acl",
	"gcp:storage/bucketACL:BucketACL": "bucket_acl",
	"google_storage_default_object_acl": "object_acl",
	"gcp:storage/defaultObjectACL:DefaultObjectACL": "object_acl",
	"google_storage_bucket_access_control": "access_control",
	"gcp:storage/bucketAccessControl:BucketAccessControl": "access_control",
	"google_storage_default_object_access_control": "access_control",
	"gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl": "access_control",
}

_kind := _kinds[input.resource.type]

_role_entity := "roleEntities" if input.resource.source == "pulumi"

_role_entity := "role_entity" if input.resource.source != "pulumi"

_predefined_acl := "predefinedAcl" if input.resource.source == "pulumi"

_predefined_acl := "predefined_acl" if input.resource.source != "pulumi"

_public := {"allusers", "allauthenticatedusers"}

_is_public(principal) if {
	is_string(principal)
	lower(trim_space(principal)) in _public
}

# How the bucket is named in messages.
_bucket := sprintf("bucket \"%s\"", [b]) if {
	b := input.resource.values.bucket
	is_string(b)
	not contains(b, "${")
}

_bucket := "its bucket" if not _known_bucket

_known_bucket if {
	b := input.resource.values.bucket
	is_string(b)
	not contains(b, "${")
}

_role := sprintf("role %v", [input.resource.values.role]) if input.resource.values.role

_role := "a role" if not input.resource.values.role

_msg(principal, how) := sprintf(
	"%s grants access to %s on %s: anyone %s can reach its data. Grant it to specific users, groups or service accounts instead.",
	[how, principal, _bucket, _who(principal)],
)

_who(principal) := "on the internet, without signing in," if lower(trim_space(principal)) == "allusers"

_who(principal) := "with a Google account" if lower(trim_space(principal)) != "allusers"

# google_storage_bucket_iam_member
deny contains result if {
	_kind == "member"
	member := input.resource.values.member
	_is_public(member)
	result := {
		"msg": _msg(member, sprintf("The IAM member (%s)", [_role])),
		"path": "/member",
	}
}

# google_storage_bucket_iam_binding
deny contains result if {
	_kind == "binding"
	members := input.resource.values.members
	is_array(members)
	some i, member in members
	_is_public(member)
	result := {
		"msg": _msg(member, sprintf("The IAM binding (%s)", [_role])),
		"path": sprintf("/members/%d", [i]),
	}
}

# google_storage_bucket_acl, google_storage_default_object_acl: "ROLE:entity"
deny contains result if {
	_kind in {"bucket_acl", "object_acl"}
	entries := input.resource.values[_role_entity]
	is_array(entries)
	some i, entry in entries
	is_string(entry)
	parts := split(entry, ":")
	count(parts) == 2
	_is_public(parts[1])
	result := {
		"msg": _msg(parts[1], sprintf("ACL entry \"%s\"", [entry])),
		"path": sprintf("/%s/%d", [_role_entity, i]),
	}
}

# google_storage_bucket_acl (Pulumi BucketACL): predefined ACLs that include allUsers/allAuthenticatedUsers
_public_predefined := {
	"publicread": "allUsers",
	"publicreadwrite": "allUsers",
	"authenticatedread": "allAuthenticatedUsers",
}

deny contains result if {
	_kind == "bucket_acl"
	acl := input.resource.values[_predefined_acl]
	is_string(acl)
	principal := _public_predefined[lower(acl)]
	result := {
		"msg": _msg(principal, sprintf("The predefined ACL \"%s\"", [acl])),
		"path": sprintf("/%s", [_predefined_acl]),
	}
}

# google_storage_bucket_access_control, google_storage_default_object_access_control
deny contains result if {
	_kind == "access_control"
	entity := input.resource.values.entity
	_is_public(entity)
	result := {
		"msg": _msg(entity, sprintf("The access control (%s)", [_role])),
		"path": "/entity",
	}
}
