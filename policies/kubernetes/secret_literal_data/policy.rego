# METADATA
# title: Secrets do not hold literal values in code
# description: A Secret written with its values in the manifest, the Terraform code or the Pulumi program (data is only base64-encoded, stringData is plain text) puts the credential in version control, in every clone and CI log of the repository, and in the Terraform state, where rotating it means rewriting history. Generate the value (random_password), read it from a secrets manager or the stack's encrypted configuration, or manage it with an operator (External Secrets, Sealed Secrets) so the repository only holds references or ciphertext. Values known only at apply time, empty values, and keys that name plain settings (user, username, host, port, database, url, ...) are not reported.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://kubernetes.io/docs/concepts/configuration/secret/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/secret_v1#data
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/secret/
# custom:
#   id: VGL-K8S-054
#   severity: high
#   enforcement: advisory
#   resources:
#     - Secret
#     - kubernetes_secret
#     - kubernetes_secret_v1
#     - "kubernetes:core/v1:Secret"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["IA-5", "SC-28"]
package vigil.kubernetes.secret_literal_data

import data.vigil.lib.kubernetes as k8s
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type == "Secret"

# data and stringData in manifests and Pulumi; data, binary_data and data_wo in
# Terraform.
_fields := {"data", "stringData", "binary_data"}

deny contains result if {
	root := _root
	some field in _fields
	values := root.value[field]
	is_object(values)
	literal := _literal_keys(values)
	count(literal) > 0
	result := {
		"msg": sprintf(
			"This Secret writes %s in %s as literal values in the code: the credentials end up in version control and its history (and in the Terraform state). Generate them, read them from a secrets manager or encrypted configuration, or manage the Secret with an operator such as External Secrets or Sealed Secrets.",
			[concat(", ", sort(literal)), field],
		),
		"path": sprintf("%s/%s", [root.path, field]),
	}
}

# The keys with literal values, but for the ones that name non-secret settings that
# often sit next to a generated password (username, host, port, database).
_literal_keys(values) := [key |
	some key, v in values
	_literal(v)
	not _setting(key)
]

_setting(key) if {
	parts := regex.split(`[^a-z0-9]+`, lower(key))
	parts[count(parts) - 1] in {
		"user", "username", "login", "host", "hostname", "port", "database", "db", "dbname",
		"name", "namespace", "endpoint", "region", "email", "url", "uri", "address",
	}
}

_literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not k8s.is_placeholder(v)
}
