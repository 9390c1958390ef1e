# METADATA
# title: The default service account does not mount its token
# description: Every pod that names no service account runs as its namespace's default service account, and gets that account's token mounted unless the account or the pod turns it off. Workloads that need the API should have their own service account; for the default one, automountServiceAccountToken false keeps a token out of every pod that did not ask for one, so a compromise of such a pod yields no API credentials. Kubernetes creates the default account with automounting on, and the Terraform provider's kubernetes_default_service_account leaves automount_service_account_token true unless it is set.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/default_service_account_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/serviceaccount/
# custom:
#   id: VGL-K8S-049
#   severity: low
#   enforcement: advisory
#   resources:
#     - ServiceAccount
#     - kubernetes_default_service_account
#     - kubernetes_default_service_account_v1
#     - kubernetes_service_account
#     - kubernetes_service_account_v1
#     - "kubernetes:core/v1:ServiceAccount"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.1.5"]
#     NIST-800-53-r5: ["AC-6", "IA-5"]
package vigil.kubernetes.default_service_account_automount

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type == "ServiceAccount"

_key := "automount_service_account_token" if is_terraform

_key := "automountServiceAccountToken" if not is_terraform

# The namespace's default service account.
_default if startswith(input.resource.type, "kubernetes_default_service_account")

_default if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	m.value.name == "default"
}

# Not set.
deny contains result if {
	_default
	root := _root
	_unset(root.value, _key)
	result := {
		"msg": sprintf(
			"The default service account does not set %s, so its token is mounted into every pod of the namespace that names no service account. Set %s to false and give workloads that need the API their own service account.",
			[_key, _key],
		),
		"path": root.path,
		"fix": [{"op": "add", "path": sprintf("%s/%s", [root.path, _key]), "value": false}],
		"fix_safety": "unsafe",
	}
}

# Set to true.
deny contains result if {
	_default
	root := _root
	lib.is_true(root.value[_key])
	path := sprintf("%s/%s", [root.path, _key])
	result := {
		"msg": sprintf(
			"The default service account sets %s to true, so its token is mounted into every pod of the namespace that names no service account. Set it to false and give workloads that need the API their own service account.",
			[_key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null
