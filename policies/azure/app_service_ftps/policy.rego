# METADATA
# title: App Service and Function apps do not allow plain FTP
# description: With FTP state "AllAllowed", an app accepts deployments over unencrypted FTP, so the deployment credentials and the code uploaded can be captured or replaced on the way. azurerm (3.0 and later) and the Pulumi Azure classic provider default ftps_state to "Disabled" for web and function apps, so an app that leaves it out is not reported; only an explicit "AllAllowed" is (also for the legacy azurerm_app_service and azurerm_function_app). Set ftps_state to "Disabled", or "FtpsOnly" if FTP deployment is still needed.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/app-service/deploy-ftp#enforce-ftps
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app#ftps_state
# custom:
#   id: VGL-AZURE-021
#   severity: medium
#   enforcement: mandatory
#   resources: [azurerm_linux_web_app, azurerm_windows_web_app, azurerm_linux_function_app, azurerm_windows_function_app, azurerm_app_service, azurerm_function_app, "azure:appservice/linuxWebApp:LinuxWebApp", "azure:appservice/windowsWebApp:WindowsWebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp", "azure:appservice/windowsFunctionApp:WindowsFunctionApp", "azure:appservice/appService:AppService", "azure:appservice/functionApp:FunctionApp"]
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_78, AZU-0071]
package vigil.azure.appservice.ftps

import rego.v1

_values := input.resource.values

_pulumi if startswith(input.resource.type, "azure:")

_config_key := "siteConfig" if _pulumi

_config_key := "site_config" if not _pulumi

_key := "ftpsState" if _pulumi

_key := "ftps_state" if not _pulumi

_configs contains {"path": sprintf("/%s", [_config_key]), "value": c} if {
	c := _values[_config_key]
	is_object(c)
}

_configs contains {"path": sprintf("/%s/0", [_config_key]), "value": c} if {
	c := _values[_config_key][0]
	is_object(c)
}

deny contains result if {
	some config in _configs
	state := config.value[_key]
	is_string(state)
	lower(trim_space(state)) == "allallowed"
	path := sprintf("%s/%s", [config.path, _key])
	result := {
		"msg": sprintf(
			"App \"%s\" sets %s to \"%s\", so it accepts deployments over unencrypted FTP: deployment credentials and code can be captured or replaced in transit. Set %s to \"FtpsOnly\" (or \"Disabled\" if FTP is not used).",
			[input.resource.name, _key, state, _key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "FtpsOnly"}],
		"fix_safety": "unsafe",
	}
}
