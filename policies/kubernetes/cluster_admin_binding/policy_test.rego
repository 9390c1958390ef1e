package vigil.kubernetes.cluster_admin_binding_test

import data.vigil.kubernetes.cluster_admin_binding as p
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

_binding(type, role_ref, subjects) := _manifest(type, {"metadata": {"name": "b"}, "roleRef": role_ref, "subjects": subjects})

_admin := {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}

test_manifest_cluster_binding if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", _admin, [{"kind": "User", "name": "jane"}])
	count(results) == 1
	some r in results
	r.path == "/roleRef/name"
	contains(r.msg, "User \"jane\"")
	contains(r.msg, "owns the cluster")
}

test_manifest_role_binding if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/RoleBinding", _admin, [{"kind": "Group", "name": "devs"}])
	count(results) == 1
	some r in results
	contains(r.msg, "owns the namespace")
}

test_manifest_system_subjects if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", _admin, [{"kind": "Group", "name": "system:masters"}])
	count(results) == 0
}

test_manifest_other_role if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", {"kind": "ClusterRole", "name": "view"}, [{"kind": "User", "name": "jane"}])
	count(results) == 0
}

test_manifest_namespaced_role_named_cluster_admin if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/RoleBinding", {"kind": "Role", "name": "cluster-admin"}, [{"kind": "User", "name": "jane"}])
	count(results) == 0
}

test_tf_binding if {
	results := p.deny with input as _tf("kubernetes_cluster_role_binding_v1", {"metadata": {"name": "b"}, "role_ref": {"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subject": [
		{"kind": "User", "name": "jane"},
		{"kind": "Group", "name": "system:masters"},
	]})
	count(results) == 1
	some r in results
	r.path == "/role_ref/name"
	contains(r.msg, "User \"jane\"")
	not contains(r.msg, "system:masters")
}

test_tf_unknown_subject if {
	results := p.deny with input as _tf("kubernetes_cluster_role_binding_v1", {"metadata": {"name": "b"}, "role_ref": {"kind": "ClusterRole", "name": "cluster-admin"}, "subject": {"kind": "ServiceAccount", "name": "${kubernetes_service_account_v1.ci.metadata[0].name}"}})
	count(results) == 0
}

test_pulumi_binding if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", {"metadata": {"name": "b"}, "roleRef": _admin, "subjects": [{"kind": "ServiceAccount", "name": "ci", "namespace": "ci"}]})
	count(results) == 1
}

test_pulumi_edit if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", {"metadata": {"name": "b"}, "roleRef": {"kind": "ClusterRole", "name": "edit"}, "subjects": [{"kind": "User", "name": "jane"}]})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "User", "name": "jane"}]}})
	count(results) == 1
	some r in results
	r.path == "/manifest/roleRef/name"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}

test_manifest_everyone_groups_are_not_exempt if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", _admin, [{"kind": "Group", "name": "system:authenticated"}])
	count(results) == 1
}
