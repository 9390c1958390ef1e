# METADATA
# title: ConfigMaps do not hold secrets
# description: ConfigMaps are meant for non-confidential settings. They are stored unencrypted even where the cluster encrypts Secrets at rest, RBAC roles commonly grant read access to them (the built-in view role does, while it excludes Secrets), and they are printed by kubectl describe. A password, token or key in a ConfigMap is readable by far more people and tools than the same value in a Secret. Move it to a Secret (or a secrets manager) and reference it from there. This reports keys named like a secret (PASSWORD, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY, in any spelling such as db.password or clientSecret) with a literal, single-line value; file contents, references and values known only at apply time are not reported.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/configmap/
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/config_map_v1#data
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/configmap/
# custom:
#   id: VGL-K8S-047
#   severity: high
#   enforcement: mandatory
#   resources:
#     - ConfigMap
#     - kubernetes_config_map
#     - kubernetes_config_map_v1
#     - "kubernetes:core/v1:ConfigMap"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["IA-5", "SC-28"]
package vigil.kubernetes.configmap_secrets

import data.vigil.lib.kubernetes as k8s
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"ConfigMap"}

deny contains result if {
	data_map := _root.value.data
	is_object(data_map)
	some key, value in data_map
	is_string(key)
	_secret_key(key)
	_literal(value)
	result := {
		"msg": sprintf(
			"This ConfigMap holds %s as a literal value: ConfigMaps are not encrypted like Secrets and are readable by roles that cannot read Secrets (view included). Move the value to a Secret and reference it from there.",
			[key],
		),
		"path": sprintf("%s/data/%s", [_root.path, replace(replace(key, "~", "~0"), "/", "~1")]),
	}
}

# db.password, DB_PASSWORD, api-key, clientSecret, GITHUBTOKEN. Not password_file,
# token_ttl or secret-name.
_secret_key(key) if regex.match(`(?i)(^|[^A-Za-z0-9])(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|secret[_-]?key)$`, key)

_secret_key(key) if regex.match(`[a-z0-9](Password|Passwd|Secret|Token|ApiKey|AccessKey|PrivateKey|SecretKey)$`, key)

_secret_key(key) if regex.match(`^[A-Z0-9_]*(PASSWORD|PASSWD|APIKEY|SECRET|TOKEN)$`, key)

# A literal, single-line value: not a file's content, not empty, not unknown, not a
# reference or a flag.
_literal(v) if {
	is_string(v)
	not contains(v, "\n")
	s := trim_space(v)
	s != ""
	not k8s.is_placeholder(s)
	not contains(s, "$(")
	not contains(s, "{{")
	not startswith(s, "/")
	not lower(s) in {"true", "false", "yes", "no", "on", "off", "null", "none"}
}
