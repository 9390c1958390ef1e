package vigil.kubernetes.host_ports_test

import data.vigil.kubernetes.host_ports as p
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

test_manifest_host_port if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "ports": [{"containerPort": 8080}, {"containerPort": 8443, "hostPort": 443}]}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/ports/1/hostPort"
	r.fix == [{"op": "remove", "path": "/spec/template/spec/containers/0/ports/1/hostPort"}]
	r.fix_safety == "unsafe"
}

test_manifest_init_container_host_port if {
	results := p.deny with input as _manifest("Pod", {"spec": {"initContainers": [{"name": "init", "image": "i:1", "ports": [{"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]}], "containers": [{"name": "web", "image": "web:1"}]}})
	count(results) == 1
}

test_manifest_no_host_port if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "ports": [{"containerPort": 8080, "hostPort": 0}]}]})
	count(results) == 0
}

test_tf_host_port if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "port": {"container_port": 8080, "host_port": 80}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/port/host_port"
}

test_tf_repeated_ports if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "port": [{"container_port": 8080}, {"container_port": 9090, "host_port": "9090"}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/port/1/host_port"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "port": {"container_port": 8080, "host_port": "${var.host_port}"}}})
	count(results) == 0
}

test_pulumi_host_port if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "ports": [{"containerPort": 8080, "hostPort": 8080}]}]})
	count(results) == 1
}

test_pulumi_no_host_port if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "ports": [{"containerPort": 8080}]}]})
	count(results) == 0
}
