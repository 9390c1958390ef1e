package vigil.kubernetes.anonymous_binding_test

import data.vigil.kubernetes.anonymous_binding as p
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

test_manifest_unauthenticated if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", {"kind": "ClusterRole", "name": "view"}, [{"kind": "Group", "name": "devs"}, {"kind": "Group", "name": "system:unauthenticated"}])
	count(results) == 1
	some r in results
	r.path == "/subjects/1/name"
	contains(r.msg, "the ClusterRole \"view\"")
}

test_manifest_anonymous_user if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/RoleBinding", {"kind": "Role", "name": "r"}, [{"kind": "User", "name": "system:anonymous"}])
	count(results) == 1
}

test_manifest_public_info_viewer if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", {"kind": "ClusterRole", "name": "system:public-info-viewer"}, [{"kind": "Group", "name": "system:unauthenticated"}])
	count(results) == 0
}

test_manifest_authenticated_subjects if {
	results := p.deny with input as _binding("rbac.authorization.k8s.io/ClusterRoleBinding", {"kind": "ClusterRole", "name": "view"}, [{"kind": "Group", "name": "devs"}])
	count(results) == 0
}

test_tf_unauthenticated if {
	results := p.deny with input as _tf("kubernetes_cluster_role_binding_v1", {"metadata": {"name": "b"}, "role_ref": {"kind": "ClusterRole", "name": "view"}, "subject": {"kind": "Group", "name": "system:unauthenticated"}})
	count(results) == 1
	some r in results
	r.path == "/subject/name"
}

test_pulumi_anonymous if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", {"metadata": {"name": "b"}, "roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "User", "name": "system:anonymous"}]})
	count(results) == 1
}

test_pulumi_named if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", {"metadata": {"name": "b"}, "roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "User", "name": "jane"}]})
	count(results) == 0
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "Group", "name": "system:anonymous"}]}})
	count(results) == 1
	some r in results
	r.path == "/manifest/subjects/0/name"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "subjects": [{"kind": "Group", "name": "system:anonymous"}]}})
	count(results) == 0
}
