package vigil.gcp.lb.backend_logging_test

import data.vigil.gcp.lb.backend_logging as p
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

_tf(values) := _res("google_compute_backend_service", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({"name": "web"})
	_paths(results) == {"/log_config/enable"}
	some r in results
	r.fix == [{"op": "add", "path": "/log_config", "value": {"enable": true}}]
}

test_tf_block_without_enable if {
	results := p.deny with input as _tf({"protocol": "HTTPS", "log_config": {"sample_rate": 0.5}})
	some r in results
	r.fix == [{"op": "add", "path": "/log_config/enable", "value": true}]
}

test_tf_false if {
	_paths(p.deny) == {"/log_config/enable"} with input as _tf({"load_balancing_scheme": "EXTERNAL_MANAGED", "log_config": {"enable": false}})
}

test_tf_not_reported if {
	count(p.deny) == 0 with input as _tf({"log_config": {"enable": true, "sample_rate": 1}})
	count(p.deny) == 0 with input as _tf({"protocol": "TCP"})
	count(p.deny) == 0 with input as _tf({"load_balancing_scheme": "INTERNAL_SELF_MANAGED"})
	count(p.deny) == 0 with input as _tf({"log_config": "${dynamic.log_config}"})
	count(p.deny) == 0 with input as _res("google_compute_region_backend_service", "terraform", {"name": "ilb"})
}

test_tf_regional_http if {
	count(p.deny) == 1 with input as _res("google_compute_region_backend_service", "terraform", {"protocol": "HTTP", "load_balancing_scheme": "INTERNAL_MANAGED"})
}

test_pulumi if {
	_paths(p.deny) == {"/logConfig/enable"} with input as _res("gcp:compute/backendService:BackendService", "pulumi", {"protocol": "HTTP"})
	count(p.deny) == 0 with input as _res("gcp:compute/backendService:BackendService", "pulumi", {"logConfig": {"enable": true}})
}
