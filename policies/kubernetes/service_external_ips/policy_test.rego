package vigil.kubernetes.service_external_ips_test

import data.vigil.kubernetes.service_external_ips as p
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

_service(spec) := _manifest("Service", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec})

_tf_service(spec) := _tf("kubernetes_service_v1", {"metadata": {"name": "web", "namespace": "shop"}, "spec": spec})

_pulumi_service(spec) := _pulumi("kubernetes:core/v1:Service", {"metadata": {"name": "web", "namespace": "shop"}, "spec": spec})

test_manifest_external_ips if {
	results := p.deny with input as _service({"externalIPs": ["10.0.0.5", "10.0.0.6"], "ports": [{"port": 80}]})
	count(results) == 1
	some r in results
	r.path == "/spec/externalIPs"
	contains(r.msg, "10.0.0.5, 10.0.0.6")
}

test_manifest_none if {
	results := p.deny with input as _service({"externalIPs": [], "ports": [{"port": 80}]})
	count(results) == 0
}

test_tf_external_ips if {
	results := p.deny with input as _tf_service({"external_ips": ["10.0.0.5"]})
	count(results) == 1
	some r in results
	r.path == "/spec/external_ips"
}

test_tf_unknown if {
	results := p.deny with input as _tf_service({"external_ips": "${var.ips}"})
	count(results) == 0
}

test_pulumi_external_ips if {
	results := p.deny with input as _pulumi_service({"externalIPs": ["192.0.2.10"]})
	count(results) == 1
}

test_pulumi_none if {
	results := p.deny with input as _pulumi_service({"type": "ClusterIP"})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"externalIPs": ["10.0.0.1"]}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/spec/externalIPs"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
