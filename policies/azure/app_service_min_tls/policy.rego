# METADATA
# title: App Service and Function apps require TLS 1.2 or later
# description: TLS 1.0 and 1.1 have known weaknesses and are deprecated; an app whose minimum TLS version (for the site, or for its Kudu/SCM deployment endpoint) is one of them lets clients negotiate those versions. azurerm and the Pulumi Azure classic provider default minimum_tls_version and scm_minimum_tls_version, and min_tls_version and scm_min_tls_version of the legacy azurerm_app_service and azurerm_function_app, to "1.2", so an app that leaves them out is not reported; only an explicit "1.0" or "1.1" is. Set them to "1.2" or "1.3".
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/app-service/overview-tls
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app#minimum_tls_version
# custom:
#   id: VGL-AZURE-020
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_linux_web_app, azurerm_windows_web_app, azurerm_linux_function_app, azurerm_windows_function_app, azurerm_app_service, azurerm_function_app, "azure:appservice/linuxWebApp:LinuxWebApp", "azure:appservice/windowsWebApp:WindowsWebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp", "azure:appservice/windowsFunctionApp:WindowsFunctionApp", "azure:appservice/appService:AppService", "azure:appservice/functionApp:FunctionApp"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_15, CKV_AZURE_145, AZU-0006]
package vigil.azure.appservice.min_tls

import rego.v1

_values := input.resource.values

_pulumi if startswith(input.resource.type, "azure:")

_config_key := "siteConfig" if _pulumi

_config_key := "site_config" if not _pulumi

# The TLS settings of site_config, under their names in every provider generation.
_tls_keys := ["minimumTlsVersion", "scmMinimumTlsVersion", "minTlsVersion", "scmMinTlsVersion"] if _pulumi

_tls_keys := ["minimum_tls_version", "scm_minimum_tls_version", "min_tls_version", "scm_min_tls_version"] if not _pulumi

_configs contains {"path": sprintf("/%s", [_config_key]), "value": c} if {
	c := _values[_config_key]
	is_object(c)
}

_configs contains {"path": sprintf("/%s/0", [_config_key]), "value": c} if {
	c := _values[_config_key][0]
	is_object(c)
}

_text(v) := trim_space(v) if is_string(v)

_text(v) := sprintf("%.1f", [v]) if is_number(v)

deny contains result if {
	some config in _configs
	some key in _tls_keys
	version := config.value[key]
	_text(version) in {"1.0", "1.1"}
	path := sprintf("%s/%s", [config.path, key])
	result := {
		"msg": sprintf(
			"App \"%s\" sets %s to \"%v\", so clients can connect with a deprecated TLS version that has known weaknesses. Set %s to \"1.2\" (the provider default).",
			[input.resource.name, key, version, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "1.2"}],
		"fix_safety": "unsafe",
	}
}
