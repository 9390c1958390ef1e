package vigil.gcp.dns.dnssec_test

import data.vigil.gcp.dns.dnssec as p
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

_tf(values) := _res("google_dns_managed_zone", "terraform", object.union({"name": "acme", "dns_name": "acme.example."}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/dnssec_config/state"}
	some r in results
	r.fix == [{"op": "add", "path": "/dnssec_config", "value": {"state": "on"}}]
}

test_tf_off if {
	results := p.deny with input as _tf({"visibility": "public", "dnssec_config": {"state": "off"}})
	some r in results
	r.fix == [{"op": "replace", "path": "/dnssec_config/state", "value": "on"}]
}

test_tf_on_or_private if {
	count(p.deny) == 0 with input as _tf({"dnssec_config": {"state": "on"}})
	count(p.deny) == 0 with input as _tf({"visibility": "private"})
	count(p.deny) == 0 with input as _tf({"visibility": "${var.visibility}"})
}

test_pulumi if {
	_paths(p.deny) == {"/dnssecConfig/state"} with input as _res("gcp:dns/managedZone:ManagedZone", "pulumi", {"dnsName": "acme.example."})
	count(p.deny) == 0 with input as _res("gcp:dns/managedZone:ManagedZone", "pulumi", {"dnssecConfig": {"state": "on"}})
	count(p.deny) == 0 with input as _res("gcp:dns/managedZone:ManagedZone", "pulumi", {"visibility": "private"})
}
