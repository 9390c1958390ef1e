package vigil.gcp.apikeys.application_restrictions_test

import data.vigil.gcp.apikeys.application_restrictions as p
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

_tf(values) := _res("google_apikeys_key", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_none if {
	_paths(p.deny) == {"/restrictions"} with input as _tf({"name": "k"})
	_paths(p.deny) == {"/restrictions"} with input as _tf({"restrictions": {"api_targets": {"service": "translate.googleapis.com"}}})
}

test_tf_open if {
	_paths(p.deny) == {"/restrictions/browser_key_restrictions/allowed_referrers/1"} with input as _tf({"restrictions": {"browser_key_restrictions": {"allowed_referrers": ["https://acme.example/*", ".*"]}}})
	_paths(p.deny) == {"/restrictions/server_key_restrictions/allowed_ips/0"} with input as _tf({"restrictions": {"server_key_restrictions": {"allowed_ips": ["0.0.0.0/0"]}}})
}

test_tf_restricted if {
	count(p.deny) == 0 with input as _tf({"restrictions": {"server_key_restrictions": {"allowed_ips": ["203.0.113.7"]}}})
	count(p.deny) == 0 with input as _tf({"restrictions": {"android_key_restrictions": {"allowed_applications": {"package_name": "com.acme.app", "sha1_fingerprint": "aa"}}}})
	count(p.deny) == 0 with input as _tf({"restrictions": "${dynamic.restrictions}"})
}

test_pulumi if {
	_paths(p.deny) == {"/restrictions"} with input as _res("gcp:projects/apiKey:ApiKey", "pulumi", {"displayName": "k"})
	count(p.deny) == 0 with input as _res("gcp:projects/apiKey:ApiKey", "pulumi", {"restrictions": {"iosKeyRestrictions": {"allowedBundleIds": ["com.acme.app"]}}})
}
