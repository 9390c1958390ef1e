# METADATA
# title: Roles do not grant approving CertificateSigningRequests
# description: Updating the approval sub-resource of CertificateSigningRequests approves certificates that the cluster's signers then issue. A subject that can both create and approve requests can mint a client certificate for any user or group, including system:masters with the kube-apiserver-client signer, and so become cluster administrator with a credential that cannot be revoked until it expires. Leave approval to the controllers that need it (kubelet serving certificate approvers, cert-manager's approver).
# related_resources:
#   - https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/cluster_role_v1#rule
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/rbac/v1/clusterrole/
# custom:
#   id: VGL-K8S-037
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
#     CIS-Kubernetes-1.9: ["5.1.11"]
#     NIST-800-53-r5: ["AC-6", "IA-5"]
package vigil.kubernetes.rbac_csr_approval

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.rbac_rules
import rego.v1

# The resources, their API groups and the verbs that approve.
_resources := {"certificatesigningrequests/approval"}

_groups := {"certificates.k8s.io", "*"}

_verbs := {"update", "patch"}

deny contains result if {
	some rule in rbac_rules
	some resource in _resources
	i := k8s.rbac_grant_index(rule, _groups, resource, _verbs)
	result := {
		"msg": sprintf("This role can approve CertificateSigningRequests (update on %s): with the right to create them, its holders can obtain a client certificate for any user or group, system:masters included. Leave approval to the controllers that need it.", [resource]),
		"path": sprintf("%s/%s/%d", [rule.path, rule.keys.resources, i]),
	}
}
