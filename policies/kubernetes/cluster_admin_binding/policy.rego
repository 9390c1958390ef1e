# METADATA
# title: The cluster-admin role is not bound to users, groups or service accounts
# description: cluster-admin allows every verb on every resource in every namespace. A subject bound to it, through a ClusterRoleBinding or a RoleBinding (then within that namespace, with the right to change the namespace's RBAC), needs no other weakness to take over the cluster or the namespace, and a leaked credential or compromised pod of that subject does the same. Bind a role with the permissions the subject needs instead. Bindings whose subjects are all Kubernetes system identities (names starting with system:) are left out, except the groups that stand for everyone (system:anonymous, system:unauthenticated, system:authenticated, system:serviceaccounts).
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_binding_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrolebinding/
# custom:
#   id: VGL-K8S-033
#   severity: high
#   enforcement: advisory
#   resources:
#     - rbac.authorization.k8s.io/RoleBinding
#     - rbac.authorization.k8s.io/ClusterRoleBinding
#     - kubernetes_role_binding
#     - kubernetes_role_binding_v1
#     - kubernetes_cluster_role_binding
#     - kubernetes_cluster_role_binding_v1
#     - "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
#     - "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
#     - "kubernetes:rbac.authorization.k8s.io/v1beta1:RoleBinding"
#     - "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRoleBinding"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.1.1"]
#     NIST-800-53-r5: ["AC-2", "AC-6"]
package vigil.kubernetes.cluster_admin_binding

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding"}

_role_ref := "role_ref" if is_terraform

_role_ref := "roleRef" if not is_terraform

_subjects := "subject" if is_terraform

_subjects := "subjects" if not is_terraform

deny contains result if {
	some ref in lib.block_entries(_root.value, _role_ref, _root.path)
	ref.value.name == "cluster-admin"
	_cluster_role(ref.value)
	names := _non_system_subjects
	count(names) > 0
	result := {
		"msg": sprintf(
			"This binding grants cluster-admin to %s: every verb on every resource, so a leaked credential or compromised workload of that subject owns the %s. Bind a role limited to what the subject needs.",
			[concat(", ", names), _scope],
		),
		"path": sprintf("%s/name", [ref.path]),
	}
}

# The subjects that are not Kubernetes system identities, described.
_non_system_subjects := [_describe(s) |
	some e in lib.block_entries(_root.value, _subjects, _root.path)
	s := e.value
	not _system(s)
]

# roleRef.kind is ClusterRole (a RoleBinding may also name a Role called cluster-admin).
_cluster_role(ref) if ref.kind == "ClusterRole"

_cluster_role(ref) if not ref.kind

# Kubernetes' own identities (system:masters, system:kube-controller-manager,
# system:serviceaccount:kube-system:..., ...), but not the groups that stand for
# everyone: anonymous and unauthenticated requests, every authenticated user, every
# service account (of a namespace).
_system(s) if {
	startswith(s.name, "system:")
	not s.name in {"system:anonymous", "system:unauthenticated", "system:authenticated", "system:serviceaccounts"}
	not startswith(s.name, "system:serviceaccounts:")
}

# Subjects known only at apply time are not judged.
_system(s) if contains(s.name, "${")

_describe(s) := sprintf("%s \"%s\"", [object.get(s, "kind", "subject"), s.name]) if is_string(s.name)

_describe(s) := "a subject" if not is_string(s.name)

_cluster_binding if contains(input.resource.type, "ClusterRoleBinding")

_cluster_binding if contains(input.resource.type, "cluster_role_binding")

_cluster_binding if input_type == "rbac.authorization.k8s.io/ClusterRoleBinding"

_scope := "cluster" if _cluster_binding

_scope := "namespace" if not _cluster_binding
