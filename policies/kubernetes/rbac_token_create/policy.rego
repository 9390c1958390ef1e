# METADATA
# title: Roles do not grant creating service account tokens
# description: Create on the serviceaccounts/token sub-resource issues a token for a service account through the TokenRequest API. A subject holding it can obtain credentials for any service account in its scope, and act with their permissions, from outside the cluster and for as long as the token lives. Grant it only to components that hand out tokens (the kubelet does this itself), and limit it to named service accounts with resourceNames.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request
#   - https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-039
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
#     CIS-Kubernetes-1.9: ["5.1.13"]
#     NIST-800-53-r5: ["AC-6", "IA-5"]
package vigil.kubernetes.rbac_token_create

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

# The resources, their API groups and the verbs that issue tokens.
_resources := {"serviceaccounts/token"}

_groups := {"", "*"}

_verbs := {"create"}

deny contains result if {
	some rule in rbac_rules
	some resource in _resources
	i := k8s.rbac_grant_index(rule, _groups, resource, _verbs)
	result := {
		"msg": sprintf("This role can create %s: its holders can obtain a token for any service account in its scope and act with that account's permissions. Limit it to the named service accounts that need it (resourceNames), or remove it.", [resource]),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
