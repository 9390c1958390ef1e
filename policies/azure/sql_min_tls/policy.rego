# METADATA
# title: Azure SQL servers require TLS 1.2 or later
# description: TLS 1.0 and 1.1 have known weaknesses and are retired by Microsoft; a logical SQL server whose minimum TLS version is 1.0 or 1.1, or "Disabled" (no minimum at all), lets clients negotiate them, exposing credentials and query results on the way. azurerm (3.0 and later) and the Pulumi Azure classic provider default minimum_tls_version to "1.2", so a server that leaves it out is not reported; only an explicit weaker value is. Set minimum_tls_version to "1.2".
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#minimal-tls-version
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server
# custom:
#   id: VGL-AZURE-014
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_mssql_server, "azure:mssql/server:Server"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_52]
package vigil.azure.sql.min_tls

import rego.v1

_key := {"azurerm_mssql_server": "minimum_tls_version", "azure:mssql/server:Server": "minimumTlsVersion"}

_text(v) := lower(trim_space(v)) if is_string(v)

_text(v) := sprintf("%.1f", [v]) if is_number(v)

deny contains result if {
	key := _key[input.resource.type]
	version := input.resource.values[key]
	_text(version) in {"1.0", "1.1", "disabled"}
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"SQL server \"%s\" sets %s to \"%v\", so clients can connect with TLS 1.0 or 1.1, deprecated versions with known weaknesses. Set %s to \"1.2\" (the provider default).",
			[input.resource.name, key, version, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "1.2"}],
		"fix_safety": "unsafe",
	}
}
