package vigil.gcp.compute.ssl_policy_weak_test

import data.vigil.gcp.compute.ssl_policy_weak as p
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

_tf(values) := _res("google_compute_ssl_policy", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_defaults if {
	results := p.deny with input as _tf({"name": "default"})
	_paths(results) == {"/min_tls_version", "/profile"}
	some r in results
	r.fix == [{"op": "add", "path": "/min_tls_version", "value": "TLS_1_2"}]
}

test_tf_old_tls if {
	_paths(p.deny) == {"/min_tls_version"} with input as _tf({"profile": "MODERN", "min_tls_version": "TLS_1_1"})
}

test_tf_compatible if {
	_paths(p.deny) == {"/profile"} with input as _tf({"profile": "COMPATIBLE", "min_tls_version": "TLS_1_2"})
}

test_tf_custom_weak if {
	results := p.deny with input as _tf({"profile": "CUSTOM", "min_tls_version": "TLS_1_2", "custom_features": [
		"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
		"TLS_RSA_WITH_3DES_EDE_CBC_SHA",
	]})
	_paths(results) == {"/custom_features/1"}
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"profile": "MODERN", "min_tls_version": "TLS_1_2"})
	count(p.deny) == 0 with input as _tf({"profile": "RESTRICTED"})
	count(p.deny) == 0 with input as _tf({"profile": "CUSTOM", "min_tls_version": "TLS_1_2", "custom_features": ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]})
	count(p.deny) == 0 with input as _tf({"profile": "${var.profile}", "min_tls_version": "${var.min_tls}"})
}

test_pulumi if {
	_paths(p.deny) == {"/minTlsVersion", "/profile"} with input as _res("gcp:compute/sSLPolicy:SSLPolicy", "pulumi", {"name": "x"})
	count(p.deny) == 0 with input as _res("gcp:compute/sSLPolicy:SSLPolicy", "pulumi", {"profile": "MODERN", "minTlsVersion": "TLS_1_2"})
}
