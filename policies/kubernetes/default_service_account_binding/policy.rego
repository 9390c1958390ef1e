# METADATA
# title: Roles are not bound to the default service account
# description: Every namespace has a service account named default, and every pod that does not name another one runs as it, with its token mounted unless that is turned off. A role bound to the default service account is therefore granted to every such pod of the namespace, including ones added later for other purposes, and to anyone who can create a pod there. Create a dedicated service account for the workload that needs the permissions and bind the role to it.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/role_binding_v1#subject
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/rolebinding/
# custom:
#   id: VGL-K8S-044
#   severity: medium
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
#     CIS-Kubernetes-1.9: ["5.1.5"]
#     NIST-800-53-r5: ["AC-2", "AC-6"]
package vigil.kubernetes.default_service_account_binding

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding"}

_subjects := "subject" if is_terraform

_subjects := "subjects" if not is_terraform

_role_ref := "role_ref" if is_terraform

_role_ref := "roleRef" if not is_terraform

deny contains result if {
	some e in lib.block_entries(_root.value, _subjects, _root.path)
	s := e.value
	is_object(s)
	s.kind == "ServiceAccount"
	s.name == "default"
	result := {
		"msg": sprintf(
			"This binding grants %s to the default service account%s, so every pod there that names no service account gets it, and so does anyone who can create a pod there. Bind it to a dedicated service account of the workload instead.",
			[_role, _in_namespace(s)],
		),
		"path": sprintf("%s/name", [e.path]),
	}
}

_role := sprintf("the %s \"%s\"", [ref.kind, ref.name]) if {
	some r in lib.block_entries(_root.value, _role_ref, _root.path)
	ref := r.value
	is_string(ref.kind)
	is_string(ref.name)
}

_role := "its role" if {
	every r in lib.block_entries(_root.value, _role_ref, _root.path) {
		not _named_ref(r.value)
	}
}

_named_ref(ref) if {
	is_string(ref.kind)
	is_string(ref.name)
}

_in_namespace(s) := sprintf(" of namespace \"%s\"", [s.namespace]) if {
	is_string(s.namespace)
	not contains(s.namespace, "${")
}

_in_namespace(s) := "" if not is_string(s.namespace)

_in_namespace(s) := "" if contains(s.namespace, "${")
