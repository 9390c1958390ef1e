package vigil.kubernetes.run_as_user_high_uid_test

import data.vigil.kubernetes.run_as_user_high_uid as p
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

test_manifest_container_low_uid if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"runAsUser": 1000}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/runAsUser"
}

test_manifest_pod_low_uid_inherited if {
	results := p.deny with input as _deployment({
		"securityContext": {"runAsUser": 999},
		"containers": [
			{"name": "web", "image": "web:1"},
			{"name": "proxy", "image": "proxy:1", "securityContext": {"runAsUser": 10001}},
		],
	})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/securityContext/runAsUser"
	contains(r.msg, "(web)")
}

test_manifest_pod_low_uid_overridden_everywhere if {
	results := p.deny with input as _deployment({
		"securityContext": {"runAsUser": 999},
		"containers": [{"name": "web", "image": "web:1", "securityContext": {"runAsUser": 20000}}],
	})
	count(results) == 0
}

test_manifest_root_and_high_are_not_reported if {
	results := p.deny with input as _deployment({"containers": [
		{"name": "a", "image": "a:1", "securityContext": {"runAsUser": 0}},
		{"name": "b", "image": "b:1", "securityContext": {"runAsUser": 10000}},
		{"name": "c", "image": "c:1"},
	]})
	count(results) == 0
}

test_tf_string_uid if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {"name": "web", "image": "web:1", "security_context": {"run_as_user": "33"}}}})
	count(results) == 1
	some r in results
	r.path == "/spec/container/security_context/run_as_user"
}

test_tf_pod_level if {
	results := p.deny with input as _tf_deployment({"security_context": {"run_as_user": 1000}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/security_context/run_as_user"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"run_as_user": "${var.uid}"}}})
	count(results) == 0
}

test_pulumi_low_uid if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"runAsUser": 101}}]})
	count(results) == 1
}

test_pulumi_high_uid if {
	results := p.deny with input as _pulumi_deployment({"securityContext": {"runAsUser": 65532}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}
