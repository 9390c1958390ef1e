package vigil.kubernetes.default_namespace_test

import data.vigil.kubernetes.default_namespace as p
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

test_manifest_explicit_default if {
	results := p.deny with input as _manifest("apps/Deployment", {"metadata": {"name": "web", "namespace": "default"}, "spec": {}})
	count(results) == 1
	some r in results
	r.path == "/metadata/namespace"
	contains(r.msg, "namespace: \"<app>\"")
}

test_manifest_without_namespace_is_not_reported if {
	results := p.deny with input as _manifest("apps/Deployment", {"metadata": {"name": "web"}, "spec": {}})
	count(results) == 0
}

test_manifest_own_namespace if {
	results := p.deny with input as _manifest("Service", {"metadata": {"name": "web", "namespace": "shop"}, "spec": {}})
	count(results) == 0
}

test_tf_omitted_namespace if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"metadata": {"name": "web"}, "spec": {}})
	count(results) == 1
	some r in results
	r.path == "/metadata"
	contains(r.msg, "namespace = \"<app>\"")
}

test_tf_explicit_default if {
	results := p.deny with input as _tf("kubernetes_service_v1", {"metadata": {"name": "web", "namespace": "default"}, "spec": {}})
	count(results) == 1
	some r in results
	r.path == "/metadata/namespace"
}

test_tf_unknown_namespace if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"metadata": {"name": "web", "namespace": "${var.namespace}"}, "spec": {}})
	count(results) == 0
}

test_tf_own_namespace if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"metadata": {"name": "web", "namespace": "jobs"}, "spec": {}})
	count(results) == 0
}

test_pulumi_explicit_default if {
	results := p.deny with input as _pulumi("kubernetes:apps/v1:Deployment", {"metadata": {"name": "web", "namespace": "default"}})
	count(results) == 1
	some r in results
	r.path == "/metadata/namespace"
}

test_pulumi_without_namespace_is_not_reported if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Service", {"metadata": {"name": "web"}})
	count(results) == 0
}

test_tf_manifest_explicit_default if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/metadata/namespace"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"}}})
	count(results) == 0
}
