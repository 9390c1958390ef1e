# METADATA
# title: Roles are not bound to anonymous or unauthenticated users
# description: Requests that carry no credentials are served as the user system:anonymous in the group system:unauthenticated (anonymous authentication is on by default). A RoleBinding or ClusterRoleBinding to either grants its role to anyone who can reach the API server, on many clusters anyone on the internet, with nothing in the audit log to tie the requests to a person. Bind roles to authenticated users, groups or service accounts instead. The default binding of the system:public-info-viewer role (health and version endpoints) is left out.
# related_resources:
#   - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_binding_v1#subject
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrolebinding/
# custom:
#   id: VGL-K8S-048
#   severity: high
#   enforcement: mandatory
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
#     NIST-800-53-r5: ["AC-3", "AC-14"]
package vigil.kubernetes.anonymous_binding

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.is_terraform
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

_anonymous := {"system:anonymous", "system:unauthenticated"}

deny contains result if {
	not _public_info_viewer
	some e in lib.block_entries(_root.value, _subjects, _root.path)
	s := e.value
	is_object(s)
	s.name in _anonymous
	result := {
		"msg": sprintf(
			"This binding grants %s to %s, that is to anyone who can reach the API server without credentials. Bind it to authenticated users, groups or service accounts instead.",
			[_role, s.name],
		),
		"path": sprintf("%s/name", [e.path]),
	}
}

_ref := r.value if {
	some r in lib.block_entries(_root.value, _role_ref, _root.path)
	is_object(r.value)
}

_public_info_viewer if {
	_ref.kind == "ClusterRole"
	_ref.name == "system:public-info-viewer"
}

_role := sprintf("the %s \"%s\"", [_ref.kind, _ref.name]) if {
	is_string(_ref.kind)
	is_string(_ref.name)
}

_role := "its role" if not is_string(_ref.name)
