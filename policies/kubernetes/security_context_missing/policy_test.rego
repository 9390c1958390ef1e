package vigil.kubernetes.security_context_missing_test

import data.vigil.kubernetes.security_context_missing as p
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
}

test_manifest_empty if {
	results := p.deny with input as _deployment({"securityContext": {}, "containers": [{"name": "web", "image": "web:1", "securityContext": {}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext"
}

test_manifest_pod_level if {
	results := p.deny with input as _deployment({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_manifest_container_level if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"allowPrivilegeEscalation": false}}]})
	count(results) == 0
}

test_tf_none if {
	results := p.deny with input as _tf_deployment({"container": [{"name": "web", "image": "web:1"}, {"name": "b", "image": "b:1", "security_context": {"run_as_non_root": true}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/0"
}

test_tf_dynamic if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": "${dynamic.security_context}"}})
	count(results) == 0
}

test_pulumi_none if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {"spec": {"containers": [{"name": "web", "image": "web:1"}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/containers/0"
}

test_pulumi_set if {
	results := p.deny with input as _pulumi_deployment({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}
