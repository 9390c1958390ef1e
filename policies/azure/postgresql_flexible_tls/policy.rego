# METADATA
# title: PostgreSQL flexible servers require TLS 1.2 connections
# description: PostgreSQL flexible servers require encrypted connections (require_secure_transport = on) and TLS 1.2 or later (ssl_min_protocol_version = TLSv1.2) by default; a server parameter that turns require_secure_transport off lets clients send passwords and query results in clear text, and an ssl_min_protocol_version of TLSv1 or TLSv1.1 lets them negotiate deprecated protocols. This checks azurerm_postgresql_flexible_server_configuration resources (postgresql.FlexibleServerConfiguration in Pulumi Azure classic) for those two parameters; a server that does not set them keeps the secure defaults and is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-ssl-tls
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_flexible_server_configuration
# custom:
#   id: VGL-AZURE-032
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_postgresql_flexible_server_configuration, "azure:postgresql/flexibleServerConfiguration:FlexibleServerConfiguration"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
package vigil.azure.postgresql.flexible_tls

import rego.v1

_values := input.resource.values

_name := lower(trim_space(_values.name)) if is_string(_values.name)

_value := lower(trim_space(_values.value)) if is_string(_values.value)

deny contains result if {
	_name == "require_secure_transport"
	_value in {"off", "0", "false"}
	result := {
		"msg": sprintf(
			"PostgreSQL server parameter \"%s\" sets require_secure_transport to %s, so clients may connect without TLS and send passwords and data in clear text. Set value = \"on\" (the default) or remove this configuration.",
			[input.resource.name, _values.value],
		),
		"path": "/value",
		"fix": [{"op": "replace", "path": "/value", "value": "on"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_name == "ssl_min_protocol_version"
	_value in {"tlsv1", "tlsv1.0", "tlsv1.1"}
	result := {
		"msg": sprintf(
			"PostgreSQL server parameter \"%s\" sets ssl_min_protocol_version to %s, a deprecated TLS version with known weaknesses. Set value = \"TLSv1.2\" (the default) or remove this configuration.",
			[input.resource.name, _values.value],
		),
		"path": "/value",
		"fix": [{"op": "replace", "path": "/value", "value": "TLSv1.2"}],
		"fix_safety": "unsafe",
	}
}
