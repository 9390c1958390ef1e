# METADATA
# title: Roles do not grant the bind, escalate or impersonate verbs
# description: RBAC stops a subject from granting permissions it does not hold, except through three verbs. bind on roles lets it bind any role, cluster-admin included, to itself; escalate on roles lets it edit a role to add any permission; impersonate on users, groups or service accounts lets it act as any of them. Each is a direct path to cluster administrator. Grant them only to the controllers that manage RBAC, and limit them to named objects with resourceNames. A "*" in verbs counts; a "*" in resources is reported by the wildcard policy.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
#   - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-041
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
#     CIS-Kubernetes-1.9: ["5.1.8"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.kubernetes.rbac_escalation_verbs

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

_rbac_groups := {"rbac.authorization.k8s.io", "*"}

_grants := [
	{"groups": _rbac_groups, "resource": "roles", "verb": "bind", "why": "bind any role, cluster-admin included, to itself"},
	{"groups": _rbac_groups, "resource": "clusterroles", "verb": "bind", "why": "bind any role, cluster-admin included, to itself"},
	{"groups": _rbac_groups, "resource": "roles", "verb": "escalate", "why": "add any permission to a role it holds"},
	{"groups": _rbac_groups, "resource": "clusterroles", "verb": "escalate", "why": "add any permission to a role it holds"},
	{"groups": {"", "*"}, "resource": "users", "verb": "impersonate", "why": "act as any user"},
	{"groups": {"", "*"}, "resource": "groups", "verb": "impersonate", "why": "act as any group, system:masters included"},
	{"groups": {"", "*"}, "resource": "serviceaccounts", "verb": "impersonate", "why": "act as any service account"},
]

deny contains result if {
	some rule in rbac_rules
	some g in _grants
	i := k8s.rbac_grant_index(rule, g.groups, g.resource, {g.verb})
	result := {
		"msg": sprintf(
			"This role grants %s on %s: its holders can %s, a direct path to cluster administrator. Leave it to the controllers that manage RBAC, limited to named objects with resourceNames.",
			[g.verb, g.resource, g.why],
		),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
