package vigil.gcp.vpc.flow_logs_test

import data.vigil.gcp.vpc.flow_logs as p
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

_tf(values) := _res("google_compute_subnetwork", "terraform", object.union({"name": "app", "ip_cidr_range": "10.0.0.0/24"}, values))

test_tf_missing if {
	results := p.deny with input as _tf({})
	{r.path | some r in results} == {"/log_config"}
	some r in results
	r.fix == [{"op": "add", "path": "/log_config", "value": {"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}}]
}

test_tf_private_purpose if {
	count(p.deny) == 1 with input as _tf({"purpose": "PRIVATE"})
}

test_tf_present if {
	count(p.deny) == 0 with input as _tf({"log_config": {"aggregation_interval": "INTERVAL_10_MIN"}})
	count(p.deny) == 0 with input as _tf({"log_config": {}})
	count(p.deny) == 0 with input as _tf({"log_config": "${dynamic.log_config}"})
	count(p.deny) == 0 with input as _tf({"enable_flow_logs": true})
	count(p.deny) == 1 with input as _tf({"enable_flow_logs": false})
}

test_tf_proxy_only if {
	count(p.deny) == 0 with input as _tf({"purpose": "REGIONAL_MANAGED_PROXY", "role": "ACTIVE"})
	count(p.deny) == 0 with input as _tf({"purpose": "${var.purpose}"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/logConfig"} with input as _res("gcp:compute/subnetwork:Subnetwork", "pulumi", {"ipCidrRange": "10.0.0.0/24"})
	count(p.deny) == 0 with input as _res("gcp:compute/subnetwork:Subnetwork", "pulumi", {"logConfig": {"flowSampling": 1}})
}
