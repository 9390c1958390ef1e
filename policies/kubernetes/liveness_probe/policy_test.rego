package vigil.kubernetes.liveness_probe_test

import data.vigil.kubernetes.liveness_probe as p
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

test_manifest_missing if {
	results := p.deny with input as _deployment({"containers": [
		{"name": "web", "image": "web:1", "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}}},
		{"name": "sidecar", "image": "sidecar:1"},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/1"
	contains(r.msg, "sidecar")
}

test_manifest_init_containers_are_not_checked if {
	results := p.deny with input as _deployment({
		"initContainers": [{"name": "init", "image": "busybox:1"}],
		"containers": [{"name": "web", "image": "web:1", "livenessProbe": {"tcpSocket": {"port": 8080}}}],
	})
	count(results) == 0
}

test_tf_missing if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container"
}

test_tf_dynamic_probe if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "liveness_probe": "${dynamic.liveness_probe}"}})
	count(results) == 0
}

test_tf_probe if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "liveness_probe": {"http_get": {"path": "/healthz", "port": "8080"}}}})
	count(results) == 0
}

test_pulumi_missing if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0"
}

test_pulumi_probe if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "livenessProbe": {"grpc": {"port": 9090}}}]})
	count(results) == 0
}
