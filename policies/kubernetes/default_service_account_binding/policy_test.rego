package vigil.kubernetes.default_service_account_binding_test

import data.vigil.kubernetes.default_service_account_binding as p
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

_binding(type, subjects) := _manifest(type, {"metadata": {"name": "b", "namespace": "shop"}, "roleRef": {"kind": "Role", "name": "reader"}, "subjects": subjects})

test_manifest_default_sa if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/RoleBinding", [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}])
	count(results) == 1
	some r in results
	r.path == "/subjects/0/name"
	contains(r.msg, "the Role \"reader\"")
	contains(r.msg, "namespace \"shop\"")
}

test_manifest_dedicated_sa if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/RoleBinding", [{"kind": "ServiceAccount", "name": "reader", "namespace": "shop"}, {"kind": "User", "name": "default"}])
	count(results) == 0
}

test_tf_default_sa if {
	results := p.deny with input as _tf("kubernetes_cluster_role_binding_v1", {"metadata": {"name": "b"}, "role_ref": {"kind": "ClusterRole", "name": "view"}, "subject": [{"kind": "User", "name": "a"}, {"kind": "ServiceAccount", "name": "default", "namespace": "ci"}]})
	count(results) == 1
	some r in results
	r.path == "/subject/1/name"
}

test_tf_unknown_name if {
	results := p.deny with input as _tf("kubernetes_role_binding_v1", {"metadata": {"name": "b"}, "role_ref": {"kind": "Role", "name": "r"}, "subject": {"kind": "ServiceAccount", "name": "${kubernetes_service_account_v1.a.metadata[0].name}"}})
	count(results) == 0
}

test_pulumi_default_sa if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", {"metadata": {"name": "b"}, "roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]})
	count(results) == 1
}

test_pulumi_dedicated_sa if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", {"metadata": {"name": "b"}, "roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "ServiceAccount", "name": "app"}]})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b"}, "roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 1
	some r in results
	r.path == "/manifest/subjects/0/name"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
