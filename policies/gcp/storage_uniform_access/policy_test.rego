package vigil.gcp.storage.uniform_access_test

import data.vigil.gcp.storage.uniform_access as p
import rego.v1

_bucket(values) := {"resource": {
	"address": "google_storage_bucket.data",
	"type": "google_storage_bucket",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": object.union({"name": "acme-data", "location": "EU"}, values),
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

test_explicit_false if {
	results := p.deny with input as _bucket({"uniform_bucket_level_access": false})
	_paths(results) == {"/uniform_bucket_level_access"}
	some r in results
	r.fix == [{"op": "replace", "path": "/uniform_bucket_level_access", "value": true}]
	r.fix_safety == "unsafe"
}

test_left_out if {
	results := p.deny with input as _bucket({})
	_paths(results) == {"/uniform_bucket_level_access"}
	some r in results
	r.fix == [{"op": "add", "path": "/uniform_bucket_level_access", "value": true}]
}

test_false_as_string if {
	results := p.deny with input as _bucket({"uniform_bucket_level_access": "false"})
	count(results) == 1
}

test_enabled if {
	count(p.deny) == 0 with input as _bucket({"uniform_bucket_level_access": true})
	count(p.deny) == 0 with input as _bucket({"uniform_bucket_level_access": "true"})
}

test_legacy_bucket_policy_only if {
	results := p.deny with input as _bucket({"bucket_policy_only": true})
	count(results) == 0
}

test_unknown_does_not_fire if {
	results := p.deny with input as _bucket({"uniform_bucket_level_access": "${var.ubla}"})
	count(results) == 0
}

_pulumi(values) := {"resource": {
	"address": "data",
	"type": "gcp:storage/bucket:Bucket",
	"name": "data",
	"mode": "managed",
	"source": "pulumi",
	"values": object.union({"location": "EU"}, values),
	"references": {},
	"unknown": [],
}}

test_pulumi_left_out if {
	results := p.deny with input as _pulumi({})
	_paths(results) == {"/uniformBucketLevelAccess"}
	some r in results
	r.fix == [{"op": "add", "path": "/uniformBucketLevelAccess", "value": true}]
}

test_pulumi_false if {
	results := p.deny with input as _pulumi({"uniformBucketLevelAccess": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/uniformBucketLevelAccess", "value": true}]
}

test_pulumi_enabled if {
	count(p.deny) == 0 with input as _pulumi({"uniformBucketLevelAccess": true})
}

test_other_types_ignored if {
	inp := {"resource": {"type": "google_storage_bucket_object", "name": "o", "source": "terraform", "values": {}}}
	count(p.deny) == 0 with input as inp
}
