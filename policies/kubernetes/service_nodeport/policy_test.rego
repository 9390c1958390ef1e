package vigil.kubernetes.service_nodeport_test

import data.vigil.kubernetes.service_nodeport as p
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

test_manifest_nodeport if {
	results := p.deny with input as _service({"type": "NodePort", "ports": [{"port": 80}]})
	count(results) == 1
	some r in results
	r.path == "/spec/type"
}

test_manifest_cluster_ip if {
	results := p.deny with input as _service({"ports": [{"port": 80}]})
	count(results) == 0
}

test_manifest_load_balancer if {
	results := p.deny with input as _service({"type": "LoadBalancer", "ports": [{"port": 80}]})
	count(results) == 0
}

test_tf_nodeport if {
	results := p.deny with input as _tf_service({"type": "NodePort", "port": {"port": 80}})
	count(results) == 1
	some r in results
	r.path == "/spec/type"
}

test_tf_unknown if {
	results := p.deny with input as _tf_service({"type": "${var.type}", "port": {"port": 80}})
	count(results) == 0
}

test_pulumi_nodeport if {
	results := p.deny with input as _pulumi_service({"type": "NodePort", "ports": [{"port": 80}]})
	count(results) == 1
}

test_pulumi_cluster_ip if {
	results := p.deny with input as _pulumi_service({"type": "ClusterIP", "ports": [{"port": 80}]})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "NodePort"}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/spec/type"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
