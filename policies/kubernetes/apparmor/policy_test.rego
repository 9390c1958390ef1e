package vigil.kubernetes.apparmor_test

import data.vigil.kubernetes.apparmor as p
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

_annotated(annotations) := _manifest("apps/Deployment", {
	"metadata": {"name": "web"},
	"spec": {"template": {"metadata": {"annotations": annotations}, "spec": {"containers": [{"name": "web", "image": "web:1"}]}}},
})

test_manifest_unconfined_annotation if {
	results := p.deny with input as _annotated({"container.apparmor.security.beta.kubernetes.io/web": "unconfined"})
	count(results) == 1
	some r in results
	r.path == "/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web"
	r.fix == [{"op": "replace", "path": "/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web", "value": "runtime/default"}]
}

test_manifest_allowed_annotations if {
	results := p.deny with input as _annotated({
		"container.apparmor.security.beta.kubernetes.io/web": "runtime/default",
		"container.apparmor.security.beta.kubernetes.io/b": "localhost/k8s-nginx",
		"other": "unconfined",
	})
	count(results) == 0
}

test_manifest_pod_annotation if {
	results := p.deny with input as _manifest("Pod", {"metadata": {"name": "x", "annotations": {"container.apparmor.security.beta.kubernetes.io/web": "unconfined"}}, "spec": {"containers": [{"name": "web", "image": "web:1"}]}})
	count(results) == 1
	some r in results
	r.path == "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web"
}

test_manifest_profile_unconfined if {
	results := p.deny with input as _deployment({
		"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
		"containers": [{"name": "web", "image": "web:1", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
	})
	count(results) == 2
	paths := {r.path | some r in results}
	paths == {"/spec/template/spec/securityContext/appArmorProfile/type", "/spec/template/spec/containers/0/securityContext/appArmorProfile/type"}
}

test_manifest_profile_runtime_default if {
	results := p.deny with input as _deployment({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_tf_annotation if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1"}}) with input.resource.values.spec.template.metadata as {"annotations": {"container.apparmor.security.beta.kubernetes.io/web": "unconfined"}}
	count(results) == 1
	some r in results
	r.path == "/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web"
}

test_tf_no_annotation if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1"}})
	count(results) == 0
}

test_pulumi_unconfined if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}]})
	count(results) == 1
}

test_pulumi_localhost if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "p"}}}]})
	count(results) == 0
}
