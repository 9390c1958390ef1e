package vigil.kubernetes.resource_requests_test

import data.vigil.kubernetes.resource_requests as p
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

test_manifest_none if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0"
	contains(r.msg, "cpu or memory")
}

test_manifest_memory_missing if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "resources": {"requests": {"cpu": "100m"}}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/resources/requests"
	contains(r.msg, "requests.memory")
}

test_manifest_limits_stand_in if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "resources": {"requests": {"cpu": "100m"}, "limits": {"memory": "128Mi"}}}]})
	count(results) == 0
}

test_tf_resources_without_requests if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "resources": {"limits": {"cpu": "1"}}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/resources"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "resources": {"requests": "${var.requests}"}}})
	count(results) == 0
}

test_tf_requests if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}})
	count(results) == 0
}

test_pulumi_none if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
}

test_pulumi_requests if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]})
	count(results) == 0
}
