# METADATA
# title: Roles do not read Secrets broadly
# description: get, list or watch on secrets returns the Secrets' contents, service account tokens, TLS keys and passwords included; list and watch return every Secret of the namespace (or, in a ClusterRole bound cluster-wide, of the cluster). A subject holding such a role, or a workload running as it, can take over whatever those credentials open. Grant read access to Secrets only where needed, and prefer get on the named Secrets (resourceNames). Rules limited by resourceNames are not reported; a "*" in resources or verbs counts, as it includes Secrets and reading.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
#   - https://kubernetes.io/docs/concepts/configuration/secret/#information-security-for-secrets
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/role_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/role/
# custom:
#   id: VGL-K8S-034
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
#     CIS-Kubernetes-1.9: ["5.1.2"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.kubernetes.rbac_secrets_access

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

_api_groups := "api_groups" if is_terraform

_api_groups := "apiGroups" if not is_terraform

_resource_names := "resource_names" if is_terraform

_resource_names := "resourceNames" if not is_terraform

_read_verbs := {"get", "list", "watch", "*"}

deny contains result if {
	some rule in lib.block_entries(_root.value, _rules, _root.path)
	r := rule.value
	is_object(r)
	_core_group(r)
	not _named(r)
	is_array(r.verbs)
	verbs := _reading_verbs(r.verbs)
	count(verbs) > 0
	is_array(r.resources)
	some i, res in r.resources
	res in {"secrets", "*"}
	result := {
		"msg": sprintf(
			"This role can %s %s: its holders read the Secrets' contents (tokens, keys, passwords) and can use whatever they open. Grant read access to Secrets only where needed, limited to the named Secrets with resourceNames and the get verb.",
			[concat("/", verbs), _which(res)],
		),
		"path": sprintf("%s/resources/%d", [rule.path, i]),
	}
}

# The verbs that read (a function: a comprehension inside the rule's loop would keep
# the policy off regorus's VM).
_reading_verbs(verbs) := sort([v | some v in verbs; v in _read_verbs])

_which("secrets") := "secrets"

_which("*") := "every resource, Secrets included"

# The rule's API groups include the core group ("") or all of them.
_core_group(r) if {
	groups := r[_api_groups]
	is_array(groups)
	some g in groups
	g in {"", "*"}
}

# A rule limited to named objects.
_named(r) if {
	names := r[_resource_names]
	is_array(names)
	count(names) > 0
}

_named(r) if {
	names := r[_resource_names]
	is_string(names)
}
