# METADATA
# title: Roles do not grant creating PersistentVolumes
# description: A PersistentVolume can point at any storage the nodes can reach, hostPath included. A subject that can create one, and a claim bound to it, mounts the node's filesystem into its pods even where hostPath volumes are refused by Pod Security admission. Let storage classes provision volumes dynamically, and leave creating PersistentVolumes to storage administrators and provisioners.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation
#   - https://kubernetes.io/docs/concepts/storage/persistent-volumes/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-040
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
#     CIS-Kubernetes-1.9: ["5.1.9"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.kubernetes.rbac_pv_create

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

# The resources, their API groups and the verbs that create them.
_resources := {"persistentvolumes"}

_groups := {"", "*"}

_verbs := {"create"}

deny contains result if {
	some rule in rbac_rules
	some resource in _resources
	i := k8s.rbac_grant_index(rule, _groups, resource, _verbs)
	result := {
		"msg": sprintf("This role can create %s: its holders can define a volume backed by the node's filesystem (hostPath) and mount it through a claim, past Pod Security admission. Let storage classes provision volumes, and leave this to storage administrators.", [resource]),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
