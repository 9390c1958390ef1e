# METADATA
# title: Roles do not grant access to the nodes/proxy sub-resource
# description: The nodes/proxy sub-resource passes requests through the API server to the kubelet API of a node, which can run commands in any container on that node (exec, run) and read its pods and logs. Requests sent this way bypass the audit logging and admission control that kubectl exec goes through, so access to it amounts to control of every workload on the node. Grant it only to monitoring components that need it, and prefer nodes/metrics or nodes/stats for metrics.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes
#   - https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-036
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
#     CIS-Kubernetes-1.9: ["5.1.10"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.kubernetes.rbac_node_proxy

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

# The resources, their API groups and the verbs that reach the kubelet through it.
_resources := {"nodes/proxy"}

_groups := {"", "*"}

_verbs := {"get", "create", "update", "patch", "delete"}

deny contains result if {
	some rule in rbac_rules
	some resource in _resources
	i := k8s.rbac_grant_index(rule, _groups, resource, _verbs)
	result := {
		"msg": sprintf("This role grants %s: its holders reach the kubelet API of every node through the API server, where they can run commands in any container on the node without the audit and admission checks of kubectl exec. Use nodes/metrics or nodes/stats for metrics, and grant the proxy only where it is needed.", [resource]),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
