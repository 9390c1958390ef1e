# METADATA
# title: Cloud SQL instances accept only encrypted connections
# description: Unless an instance requires TLS, clients connecting directly to its IP address may send credentials and query results in clear text, readable and alterable by anyone on the network path. The google provider's default ssl_mode of settings.ip_configuration is ALLOW_UNENCRYPTED_AND_ENCRYPTED (sslMode of settings.ipConfiguration in Pulumi), so this flags instances that leave it out or set it so, unless the deprecated require_ssl is true. Set ssl_mode = "ENCRYPTED_ONLY" (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED to also require client certificates). The Cloud SQL Auth Proxy and connectors encrypt their connections either way, so they keep working.
# related_resources:
#   - https://cloud.google.com/sql/docs/postgres/configure-ssl-instance
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#ssl_mode
# custom:
#   id: VGL-GCP-025
#   severity: high
#   enforcement: mandatory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.4"]
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_GCP_6]
package vigil.gcp.sql.require_ssl

import data.vigil.lib
import rego.v1

_names := {
	"google_sql_database_instance": {"ip_configuration": "ip_configuration", "ssl_mode": "ssl_mode", "require_ssl": "require_ssl"},
	"gcp:sql/databaseInstance:DatabaseInstance": {"ip_configuration": "ipConfiguration", "ssl_mode": "sslMode", "require_ssl": "requireSsl"},
}

_n := _names[input.resource.type]

_secure_modes := {"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

# TLS is required, or may be (unknown values count as set).
_requires_tls(ip) if ip[_n.ssl_mode] in _secure_modes

_requires_tls(ip) if _unknown(ip[_n.ssl_mode])

_requires_tls(ip) if lib.is_true(ip[_n.require_ssl])

_requires_tls(ip) if _unknown(ip[_n.require_ssl])

_settings contains entry if {
	_n
	some entry in lib.block_entries(input.resource.values, "settings", "")
	is_object(entry.value)
}

# ssl_mode written with an insecure value.
deny contains result if {
	some settings in _settings
	some ip in lib.block_entries(settings.value, _n.ip_configuration, settings.path)
	is_object(ip.value)
	mode := ip.value[_n.ssl_mode]
	is_string(mode)
	not _requires_tls(ip.value)
	path := sprintf("%s/%s", [ip.path, _n.ssl_mode])
	result := {
		"msg": sprintf("%s is %s: clients that connect directly may send credentials and data unencrypted. Set %s to \"ENCRYPTED_ONLY\".", [_n.ssl_mode, mode, _n.ssl_mode]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "ENCRYPTED_ONLY"}],
		"fix_safety": "unsafe",
	}
}

# ssl_mode (and require_ssl) left out of an ip_configuration block.
deny contains result if {
	some settings in _settings
	some ip in lib.block_entries(settings.value, _n.ip_configuration, settings.path)
	is_object(ip.value)
	object.get(ip.value, _n.ssl_mode, null) == null
	not _requires_tls(ip.value)
	path := sprintf("%s/%s", [ip.path, _n.ssl_mode])
	result := {
		"msg": _missing_msg,
		"path": path,
		"fix": [{"op": "add", "path": path, "value": "ENCRYPTED_ONLY"}],
		"fix_safety": "unsafe",
	}
}

# No ip_configuration at all.
deny contains result if {
	some settings in _settings
	not lib.has_key(settings.value, _n.ip_configuration)
	path := sprintf("%s/%s/%s", [settings.path, _n.ip_configuration, _n.ssl_mode])
	result := {
		"msg": _missing_msg,
		"path": path,
		"fix": [{"op": "add", "path": sprintf("%s/%s", [settings.path, _n.ip_configuration]), "value": {_n.ssl_mode: "ENCRYPTED_ONLY"}}],
		"fix_safety": "unsafe",
	}
}

_missing_msg := sprintf(
	"The instance does not set %s.%s, which defaults to ALLOW_UNENCRYPTED_AND_ENCRYPTED: clients that connect directly may send credentials and data unencrypted. Set %s to \"ENCRYPTED_ONLY\".",
	[_n.ip_configuration, _n.ssl_mode, _n.ssl_mode],
)
