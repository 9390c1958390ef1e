# METADATA
# title: MySQL flexible servers require TLS 1.2 connections
# description: MySQL flexible servers require encrypted connections (require_secure_transport = ON) and accept only TLS 1.2 and later by default; a server parameter that turns require_secure_transport OFF lets clients send credentials and query results in clear text, and a tls_version that lists TLSv1 or TLSv1.1 lets them negotiate deprecated protocols. This checks azurerm_mysql_flexible_server_configuration resources (mysql.FlexibleServerConfiguration in Pulumi Azure classic) for those two parameters; a server that does not set them keeps the secure defaults and is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mysql_flexible_server_configuration
# custom:
#   id: VGL-AZURE-030
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_mysql_flexible_server_configuration, "azure:mysql/flexibleServerConfiguration:FlexibleServerConfiguration"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
package vigil.azure.mysql.flexible_tls

import rego.v1

_values := input.resource.values

_name := lower(trim_space(_values.name)) if is_string(_values.name)

_value := trim_space(_values.value) if is_string(_values.value)

deny contains result if {
	_name == "require_secure_transport"
	lower(_value) in {"off", "0", "false"}
	result := {
		"msg": sprintf(
			"MySQL server parameter \"%s\" sets require_secure_transport to %s, so clients may connect without TLS and send credentials and data in clear text. Set value = \"ON\" (the default) or remove this configuration.",
			[input.resource.name, _values.value],
		),
		"path": "/value",
		"fix": [{"op": "replace", "path": "/value", "value": "ON"}],
		"fix_safety": "unsafe",
	}
}

# tls_version is a comma-separated list, e.g. "TLSv1.2,TLSv1.3".
deny contains result if {
	_name == "tls_version"
	versions := {lower(trim_space(v)) | some v in split(_value, ",")}
	weak := versions & {"tlsv1", "tlsv1.0", "tlsv1.1"}
	count(weak) > 0
	result := {
		"msg": sprintf(
			"MySQL server parameter \"%s\" allows %s, deprecated TLS versions with known weaknesses. Set value = \"TLSv1.2\" (or \"TLSv1.2,TLSv1.3\").",
			[input.resource.name, _values.value],
		),
		"path": "/value",
		"fix": [{"op": "replace", "path": "/value", "value": "TLSv1.2"}],
		"fix_safety": "unsafe",
	}
}
