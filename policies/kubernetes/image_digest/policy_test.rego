package vigil.kubernetes.image_digest_test

import data.vigil.kubernetes.image_digest as p
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

_digest := "sha256:9b2c4f1e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"

test_manifest_tag_only if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "nginx:1.27"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/image"
	not r.fix
}

test_manifest_digest if {
	results := p.deny with input as _deployment({"containers": [
		{"name": "web", "image": sprintf("nginx:1.27@%s", [_digest])},
		{"name": "proxy", "image": sprintf("envoyproxy/envoy@%s", [_digest])},
	]})
	count(results) == 0
}

test_manifest_templates_are_skipped if {
	results := p.deny with input as _deployment({"containers": [
		{"name": "a", "image": "{{ .Values.image }}"},
		{"name": "b", "image": "$(IMAGE)"},
	]})
	count(results) == 0
}

test_tf_tag_only if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "nginx:1.27"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/image"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "${var.image}"}})
	count(results) == 0
}

test_pulumi_tag_only if {
	results := p.deny with input as _pulumi("kubernetes:batch/v1:CronJob", {"spec": {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job", "image": "job:2.0"}]}}}}}})
	count(results) == 1
	some r in results
	r.path == "/spec/jobTemplate/spec/template/spec/containers/0/image"
}

test_pulumi_digest if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": sprintf("nginx@%s", [_digest])}]})
	count(results) == 0
}
