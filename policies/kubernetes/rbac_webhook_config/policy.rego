# METADATA
# title: Roles do not grant changing admission webhook configurations
# description: Validating and mutating webhook configurations decide which admission webhooks see, and may change or reject, every object written to the cluster. A subject that can create, update or delete them can turn off the policy engine that enforces security rules, or register a mutating webhook that injects containers, credentials or privileges into every pod. Grant write access to them only to the controllers that own their webhooks.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks
#   - https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-038
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
#     CIS-Kubernetes-1.9: ["5.1.12"]
#     NIST-800-53-r5: ["AC-6", "CM-5"]
package vigil.kubernetes.rbac_webhook_config

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

# The resources, their API groups and the verbs that change them.
_resources := {"validatingwebhookconfigurations", "mutatingwebhookconfigurations"}

_groups := {"admissionregistration.k8s.io", "*"}

_verbs := {"create", "update", "patch", "delete", "deletecollection"}

deny contains result if {
	some rule in rbac_rules
	some resource in _resources
	i := k8s.rbac_grant_index(rule, _groups, resource, _verbs)
	result := {
		"msg": sprintf("This role can change %s: its holders can switch off the admission checks that enforce security rules, or inject containers and privileges into every pod through a mutating webhook. Grant write access only to the controller that owns the webhook.", [resource]),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
