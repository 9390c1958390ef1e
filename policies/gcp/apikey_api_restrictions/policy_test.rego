package vigil.gcp.apikeys.api_restrictions_test

import data.vigil.gcp.apikeys.api_restrictions as p
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

test_tf_missing if {
	_paths(p.deny) == {"/restrictions/api_targets"} with input as _res("google_apikeys_key", "terraform", {"name": "k"})
	_paths(p.deny) == {"/restrictions/api_targets"} with input as _res("google_apikeys_key", "terraform", {"restrictions": {"browser_key_restrictions": {"allowed_referrers": ["https://acme.example/*"]}}})
}

test_tf_restricted if {
	count(p.deny) == 0 with input as _res("google_apikeys_key", "terraform", {"restrictions": {"api_targets": {"service": "maps-backend.googleapis.com"}}})
	count(p.deny) == 0 with input as _res("google_apikeys_key", "terraform", {"restrictions": {"api_targets": "${dynamic.api_targets}"}})
}

test_pulumi if {
	_paths(p.deny) == {"/restrictions/apiTargets"} with input as _res("gcp:projects/apiKey:ApiKey", "pulumi", {"displayName": "k"})
	count(p.deny) == 0 with input as _res("gcp:projects/apiKey:ApiKey", "pulumi", {"restrictions": {"apiTargets": [{"service": "translate.googleapis.com"}]}})
}
