package vigil.kubernetes.network_policy_allow_all_test

import data.vigil.kubernetes.network_policy_allow_all as p
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

_np(spec) := _manifest("networking.k8s.io/NetworkPolicy", {"metadata": {"name": "n"}, "spec": spec})

test_manifest_empty_ingress_rule if {
	results := p.deny with input as _np({"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}]}, {}]})
	count(results) == 1
	some r in results
	r.path == "/spec/ingress/1"
}

test_manifest_empty_egress_rule if {
	results := p.deny with input as _np({"podSelector": {}, "egress": [{"to": [], "ports": []}]})
	count(results) == 1
	some r in results
	r.path == "/spec/egress/0"
}

test_manifest_ports_only if {
	results := p.deny with input as _np({"podSelector": {}, "ingress": [{"ports": [{"port": 443}]}]})
	count(results) == 0
}

test_manifest_default_deny if {
	results := p.deny with input as _np({"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})
	count(results) == 0
}

test_tf_empty_block if {
	results := p.deny with input as _tf("kubernetes_network_policy_v1", {"metadata": {"name": "n"}, "spec": {"pod_selector": {}, "ingress": {}}})
	count(results) == 1
	some r in results
	r.path == "/spec/ingress"
}

test_tf_dynamic_from if {
	results := p.deny with input as _tf("kubernetes_network_policy_v1", {"metadata": {"name": "n"}, "spec": {"pod_selector": {}, "ingress": {"from": "${dynamic.from}"}}})
	count(results) == 0
}

test_pulumi_empty_rule if {
	results := p.deny with input as _pulumi("kubernetes:networking.k8s.io/v1:NetworkPolicy", {"metadata": {"name": "n"}, "spec": {"podSelector": {}, "ingress": [{}]}})
	count(results) == 1
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}, "spec": {"podSelector": {}, "egress": [{}]}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/spec/egress/0"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Service", "spec": {"ingress": [{}]}}})
	count(results) == 0
}
