package vigil.gcp.dns.policy_logging_test

import data.vigil.gcp.dns.policy_logging as p
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

test_tf_missing if {
	results := p.deny with input as _res("google_dns_policy", "terraform", {"name": "default"})
	some r in results
	r.fix == [{"op": "add", "path": "/enable_logging", "value": true}]
}

test_tf_false if {
	results := p.deny with input as _res("google_dns_policy", "terraform", {"enable_logging": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/enable_logging", "value": true}]
}

test_tf_on if {
	count(p.deny) == 0 with input as _res("google_dns_policy", "terraform", {"enable_logging": true})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/enableLogging"} with input as _res("gcp:dns/policy:Policy", "pulumi", {"name": "x"})
	count(p.deny) == 0 with input as _res("gcp:dns/policy:Policy", "pulumi", {"enableLogging": true})
}
