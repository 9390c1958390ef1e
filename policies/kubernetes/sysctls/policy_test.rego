package vigil.kubernetes.sysctls_test

import data.vigil.kubernetes.sysctls as p
import data.vigil.lib
import rego.v1

_manifest(type, values) := {"resource": {
	"address": "web",
	"type": type,
	"name": "web",
	"mode": "managed",
	"source": "kubernetes",
	"values": values,
	"references": {},
	"unknown": [],
}}

_tf(type, values) := {"resource": {
	"address": sprintf("%s.web", [type]),
	"type": type,
	"name": "web",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_pulumi(type, values) := {"resource": {
	"address": "web",
	"type": type,
	"name": "web",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

# A Deployment around a pod spec, in each format.
_deployment(pod_spec) := _manifest("apps/Deployment", {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

_tf_deployment(pod_spec) := _tf("kubernetes_deployment_v1", {
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"match_labels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

_pulumi_deployment(pod_spec) := _pulumi("kubernetes:apps/v1:Deployment", {
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

test_manifest_unsafe if {
	results := p.deny with input as _deployment({"securityContext": {"sysctls": [
		{"name": "net.ipv4.tcp_syncookies", "value": "1"},
		{"name": "vm.max_map_count", "value": "262144"},
	]}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/securityContext/sysctls/1/name"
}

test_manifest_slash_separated_safe if {
	results := p.deny with input as _deployment({"securityContext": {"sysctls": [{"name": "net/ipv4/ping_group_range", "value": "0 1"}]}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_tf_single_block if {
	results := p.deny with input as _tf_deployment({"security_context": {"sysctl": {"name": "kernel.msgmax", "value": "65536"}}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/security_context/sysctl/name"
}

test_tf_repeated_blocks if {
	results := p.deny with input as _tf_deployment({"security_context": {"sysctl": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}, {"name": "net.core.somaxconn", "value": "1024"}]}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/security_context/sysctl/1/name"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"security_context": {"sysctl": {"name": "${var.sysctl}", "value": "1"}}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 0
}

test_pulumi_unsafe if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {"spec": {"securityContext": {"sysctls": [{"name": "kernel.sem", "value": "1"}]}, "containers": [{"name": "web", "image": "web:1"}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/securityContext/sysctls/0/name"
}

test_pulumi_safe if {
	results := p.deny with input as _pulumi_deployment({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_fin_timeout", "value": "30"}]}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}
