# METADATA
# title: EKS aws-auth does not map IAM identities to system:masters
# description: On Amazon EKS, the aws-auth ConfigMap in kube-system maps IAM roles and users to Kubernetes users and groups. Members of system:masters pass every authorization check without RBAC being consulted, so no RoleBinding can limit them and removing a ClusterRoleBinding does not revoke their access; only editing aws-auth does. Map administrators to a group of your own bound to cluster-admin (or to a narrower role) with a ClusterRoleBinding, or use EKS access entries and access policies instead. This reads the mapRoles and mapUsers entries of an aws-auth ConfigMap written in the code; ones built from values known only at apply time are not checked.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
#   - https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/config_map_v1_data
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/configmap/
# custom:
#   id: VGL-K8S-055
#   severity: high
#   enforcement: advisory
#   resources:
#     - ConfigMap
#     - kubernetes_config_map
#     - kubernetes_config_map_v1
#     - kubernetes_config_map_v1_data
#     - "kubernetes:core/v1:ConfigMap"
#     - "kubernetes:core/v1:ConfigMapPatch"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.1.7"]
#     NIST-800-53-r5: ["AC-2", "AC-6"]
package vigil.kubernetes.aws_auth_system_masters

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type == "ConfigMap"

_aws_auth if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	m.value.name == "aws-auth"
}

deny contains result if {
	_aws_auth
	root := _root
	some key in ["mapRoles", "mapUsers"]
	text := root.value.data[key]
	is_string(text)
	not contains(text, "${")
	# A line that is not a comment and names the group.
	regex.match(`(?m)^[^#\n]*system:masters`, text)
	result := {
		"msg": sprintf(
			"aws-auth maps IAM identities in %s to the system:masters group, which bypasses RBAC: no binding limits them and their access can only be revoked by editing aws-auth. Map them to a group of your own bound to the role they need (or use EKS access entries).",
			[key],
		),
		"path": sprintf("%s/data/%s", [root.path, key]),
	}
}
