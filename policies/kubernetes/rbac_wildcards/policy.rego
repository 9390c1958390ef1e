# METADATA
# title: Roles do not grant wildcards
# description: A "*" in a rule's verbs, resources or apiGroups grants everything of that kind, including what is added later, such as new resource types from CRDs and sub-resources like pods/exec and secrets, and verbs like escalate, bind and impersonate. A role written with wildcards is close to cluster-admin in its scope and makes least privilege impossible to review. List the API groups, resources and verbs the subject needs.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-032
#   severity: high
#   enforcement: advisory
#   resources:
#     - rbac.authorization.k8s.io/Role
#     - rbac.authorization.k8s.io/ClusterRole
#     - kubernetes_role
#     - kubernetes_role_v1
#     - kubernetes_cluster_role
#     - kubernetes_cluster_role_v1
#     - "kubernetes:rbac.authorization.k8s.io/v1:Role"
#     - "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
#     - "kubernetes:rbac.authorization.k8s.io/v1beta1:Role"
#     - "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRole"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.1.3"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#   aliases: [CKV_K8S_49]
package vigil.kubernetes.rbac_wildcards

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/ClusterRole"}

_rules := "rule" if is_terraform

_rules := "rules" if not is_terraform

# Manifest field -> Terraform spelling.
_fields := {"verbs": "verbs", "resources": "resources", "apiGroups": "api_groups"} if is_terraform

_fields := {"verbs": "verbs", "resources": "resources", "apiGroups": "apiGroups"} if not is_terraform

_what := {
	"verbs": "every verb (including escalate, bind and impersonate)",
	"resources": "every resource (including secrets, pods/exec and types added later)",
	"apiGroups": "every API group (including those CRDs add later)",
}

deny contains result if {
	some rule in lib.block_entries(_root.value, _rules, _root.path)
	is_object(rule.value)
	some field, key in _fields
	list := rule.value[key]
	is_array(list)
	some i, item in list
	item == "*"
	result := {
		"msg": sprintf(
			"This role's rule grants \"*\" in %s, that is %s: its holders get far more than they need, and whatever is added later. List the %s the subject needs.",
			[key, _what[field], key],
		),
		"path": sprintf("%s/%s/%d", [rule.path, key, i]),
	}
}
