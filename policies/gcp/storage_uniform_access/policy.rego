# METADATA
# title: Cloud Storage buckets use uniform bucket-level access
# description: Without uniform bucket-level access, every object can carry its own ACL next to the bucket's IAM policy, so access is hard to review and a single object can be made public without any change to IAM. With it, ACLs are disabled and IAM alone decides who can read and write. Set uniform_bucket_level_access to true (uniformBucketLevelAccess in Pulumi; this disables existing ACLs, so move any access they grant to IAM first).
# related_resources:
#   - https://cloud.google.com/storage/docs/uniform-bucket-level-access
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket
# custom:
#   id: VGL-GCP-001
#   severity: medium
#   enforcement: advisory
#   resources: [google_storage_bucket, "gcp:storage/bucket:Bucket"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["5.2"]
#     NIST-800-53-r5: ["AC-3", "CM-6"]
#   aliases: [CKV_GCP_29, GCP-0002]
package vigil.gcp.storage.uniform_access

import data.vigil.lib
import rego.v1

# The attribute names of each format (Pulumi: the Terraform names in lowerCamelCase).
_names := {
	"google_storage_bucket": {"ubla": "uniform_bucket_level_access", "legacy": "bucket_policy_only", "true": "true"},
	"gcp:storage/bucket:Bucket": {"ubla": "uniformBucketLevelAccess", "legacy": "bucketPolicyOnly", "true": "true"},
}

_n := _names[input.resource.type]

_path := sprintf("/%s", [_n.ubla])

# Explicitly off.
deny contains result if {
	lib.is_false(input.resource.values[_n.ubla])
	not _legacy_enabled
	result := {
		"msg": sprintf(
			"Bucket \"%s\" sets %s to false, so object ACLs can grant access (even public access) outside IAM. Set it to true after moving ACL grants to IAM.",
			[input.resource.name, _n.ubla],
		),
		"path": _path,
		"fix": [{"op": "replace", "path": _path, "value": true}],
		"fix_safety": "unsafe",
	}
}

# Left out (the default is off).
deny contains result if {
	_n
	not _set(input.resource.values)
	not _legacy_enabled
	result := {
		"msg": sprintf(
			"Bucket \"%s\" does not set %s, which defaults to false, so object ACLs can grant access (even public access) outside IAM. Set it to true.",
			[input.resource.name, _n.ubla],
		),
		"path": _path,
		"fix": [{"op": "add", "path": _path, "value": true}],
		"fix_safety": "unsafe",
	}
}

_set(values) if values[_n.ubla] != null

# bucket_policy_only is the deprecated name of the same setting (google provider < 4).
_legacy_enabled if lib.is_true(input.resource.values[_n.legacy])

_legacy_enabled if {
	v := input.resource.values[_n.legacy]
	is_string(v)
	contains(v, "${")
}
