package vigil.kubernetes.namespace_pod_security_admission_test

import data.vigil.kubernetes.namespace_pod_security_admission as p
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

_ns(metadata) := _manifest("Namespace", {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata})

test_manifest_no_labels if {
	results := p.deny with input as _ns({"name": "shop"})
	count(results) == 1
	some r in results
	r.path == "/metadata"
	r.fix == [{"op": "add", "path": "/metadata/labels", "value": {"pod-security.kubernetes.io/enforce": "baseline"}}]
}

test_manifest_labels_without_enforce if {
	results := p.deny with input as _ns({"name": "shop", "labels": {"team": "a", "pod-security.kubernetes.io/warn": "restricted"}})
	count(results) == 1
	some r in results
	r.path == "/metadata/labels"
	r.fix == [{"op": "add", "path": "/metadata/labels/pod-security.kubernetes.io~1enforce", "value": "baseline"}]
}

test_manifest_privileged if {
	results := p.deny with input as _ns({"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}})
	count(results) == 1
	some r in results
	r.path == "/metadata/labels/pod-security.kubernetes.io~1enforce"
}

test_manifest_enforced if {
	results := p.deny with input as _ns({"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}})
	count(results) == 0
}

test_manifest_kube_namespaces if {
	results := p.deny with input as _ns({"name": "kube-system"})
	count(results) == 0
}

test_tf_no_labels if {
	results := p.deny with input as _tf("kubernetes_namespace_v1", {"metadata": {"name": "shop"}})
	count(results) == 1
	some r in results
	r.fix == [{"op": "add", "path": "/metadata/labels", "value": {"pod-security.kubernetes.io/enforce": "baseline"}, "hcl": "attribute"}]
}

test_tf_unknown_labels if {
	results := p.deny with input as _tf("kubernetes_namespace_v1", {"metadata": {"name": "shop", "labels": "${local.labels}"}})
	count(results) == 0
}

test_tf_unknown_level if {
	results := p.deny with input as _tf("kubernetes_namespace_v1", {"metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "${var.level}"}}})
	count(results) == 0
}

test_pulumi_no_label if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Namespace", {"metadata": {"name": "shop"}})
	count(results) == 1
}

test_pulumi_enforced if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Namespace", {"metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}}})
	count(results) == 0
}

test_pulumi_auto_named if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Namespace", {})
	count(results) == 1
	some r in results
	r.path == ""
	r.fix == [{"op": "add", "path": "/metadata", "value": {"labels": {"pod-security.kubernetes.io/enforce": "baseline"}}}]
}

test_pulumi_auto_named_with_metadata if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Namespace", {"metadata": {"labels": {"team": "a"}}})
	count(results) == 1
	some r in results
	contains(r.msg, "\"web\"")
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/metadata"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}

test_tf_manifest_fix if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}})
	some r in results
	r.fix == [{"op": "add", "path": "/manifest/metadata/labels", "value": {"pod-security.kubernetes.io/enforce": "baseline"}, "hcl": "attribute"}]
}
