package vigil.gcp.dns.dnssec_rsasha1_test

import data.vigil.gcp.dns.dnssec_rsasha1 as p
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

test_tf_both_keys if {
	results := p.deny with input as _res("google_dns_managed_zone", "terraform", {"dnssec_config": {"state": "on", "default_key_specs": [
		{"algorithm": "rsasha1", "key_length": 2048, "key_type": "keySigning"},
		{"algorithm": "RSASHA1", "key_length": 1024, "key_type": "zoneSigning"},
	]}})
	_paths(results) == {"/dnssec_config/default_key_specs/0/algorithm", "/dnssec_config/default_key_specs/1/algorithm"}
	some r in results
	r.fix == [{"op": "replace", "path": "/dnssec_config/default_key_specs/0/algorithm", "value": "rsasha256"}]
	contains(r.msg, "key-signing key")
}

test_tf_good if {
	count(p.deny) == 0 with input as _res("google_dns_managed_zone", "terraform", {"dnssec_config": {"state": "on"}})
	count(p.deny) == 0 with input as _res("google_dns_managed_zone", "terraform", {"dnssec_config": {"default_key_specs": {"algorithm": "ecdsap256sha256", "key_type": "zoneSigning"}}})
}

test_pulumi if {
	_paths(p.deny) == {"/dnssecConfig/defaultKeySpecs/0/algorithm"} with input as _res("gcp:dns/managedZone:ManagedZone", "pulumi", {"dnssecConfig": {"defaultKeySpecs": [{"algorithm": "rsasha1", "keyType": "zoneSigning"}]}})
	count(p.deny) == 0 with input as _res("gcp:dns/managedZone:ManagedZone", "pulumi", {"dnssecConfig": {"defaultKeySpecs": [{"algorithm": "rsasha256"}]}})
}
