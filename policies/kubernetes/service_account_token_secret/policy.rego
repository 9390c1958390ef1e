# METADATA
# title: Service account tokens are not created as long-lived Secrets
# description: A Secret of type kubernetes.io/service-account-token makes the control plane fill it with a token for the service account that never expires and stays valid until the Secret is deleted. It is readable by anyone who can read Secrets in the namespace, and once copied out of the cluster it keeps working indefinitely. Since Kubernetes 1.24 pods get short-lived, automatically rotated tokens through the TokenRequest API (projected volumes), and clients outside the cluster can request one with kubectl create token. Use those, and create a token Secret only for a client that cannot use anything else.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
#   - https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#manual-secret-management-for-serviceaccounts
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/secret_v1#type
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/secret/
# custom:
#   id: VGL-K8S-050
#   severity: medium
#   enforcement: advisory
#   resources:
#     - Secret
#     - kubernetes_secret
#     - kubernetes_secret_v1
#     - "kubernetes:core/v1:Secret"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["AC-2", "IA-5"]
package vigil.kubernetes.service_account_token_secret

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type == "Secret"

deny contains result if {
	root := _root
	t := root.value.type
	is_string(t)
	trim_space(t) == "kubernetes.io/service-account-token"
	result := {
		"msg": sprintf(
			"This Secret of type kubernetes.io/service-account-token holds a token%s that never expires and stays valid until the Secret is deleted. Use short-lived tokens instead: projected service account token volumes in pods, kubectl create token (the TokenRequest API) for clients outside the cluster.",
			[_for_account(root.value)],
		),
		"path": sprintf("%s/type", [root.path]),
	}
}

_for_account(v) := sprintf(" for the service account \"%s\"", [_account_name(v)]) if _account_name(v)

_for_account(v) := "" if not _account_name(v)

# The annotation that names the account; metadata is an object, or a block in
# Terraform.
_account_name(v) := name if {
	some m in lib.block_entries(v, "metadata", "")
	name := m.value.annotations["kubernetes.io/service-account.name"]
	is_string(name)
	not contains(name, "${")
}
