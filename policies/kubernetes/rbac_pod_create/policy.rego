# METADATA
# title: Roles do not grant creating pods
# description: Creating a pod is close to owning the namespace, as the pod can run with any service account of the namespace (and so with its permissions), mount any Secret or ConfigMap of it, and, where admission does not stop it, run privileged or mount the node's filesystem. The create verb on pods should be held by controllers and a few operators, not by users and workloads. This reports rules that grant create (or "*") on pods in the core API group; a "*" in resources is reported by the wildcard policy.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-035
#   severity: medium
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
#     CIS-Kubernetes-1.9: ["5.1.4"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.kubernetes.rbac_pod_create

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

# The resources, their API groups and the verbs that create it.
_resources := {"pods"}

_groups := {"", "*"}

_verbs := {"create"}

deny contains result if {
	some rule in rbac_rules
	some resource in _resources
	i := k8s.rbac_grant_index(rule, _groups, resource, _verbs)
	result := {
		"msg": sprintf("This role can create %s: its holders can run any image with any service account and Secret of the namespace, and, where admission allows it, privileged pods that reach the node. Leave pod creation to controllers and the few subjects that need it.", [resource]),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
