# METADATA
# title: App Service and Function apps do not enable remote debugging
# description: Remote debugging opens extra ports on the app's workers and lets a connected debugger read memory, change variables and run code in production, which is rarely intended outside a short troubleshooting session and is easily forgotten. azurerm and the Pulumi Azure classic provider default remote_debugging_enabled to false, so only an app that turns it on explicitly is reported. Set remote_debugging_enabled = false (or remove it) once debugging is done.
# related_resources:
#   - https://learn.microsoft.com/en-us/visualstudio/debugger/remote-debugging-azure-app-service
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app#remote_debugging_enabled
# custom:
#   id: VGL-AZURE-022
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_linux_web_app, azurerm_windows_web_app, azurerm_linux_function_app, azurerm_windows_function_app, azurerm_app_service, azurerm_function_app, "azure:appservice/linuxWebApp:LinuxWebApp", "azure:appservice/windowsWebApp:WindowsWebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp", "azure:appservice/windowsFunctionApp:WindowsFunctionApp", "azure:appservice/appService:AppService", "azure:appservice/functionApp:FunctionApp"]
#   controls:
#     NIST-800-53-r5: ["CM-7"]
#   aliases: [CKV_AZURE_72]
package vigil.azure.appservice.remote_debugging

import data.vigil.lib
import rego.v1

_values := input.resource.values

_pulumi if startswith(input.resource.type, "azure:")

_config_key := "siteConfig" if _pulumi

_config_key := "site_config" if not _pulumi

_key := "remoteDebuggingEnabled" if _pulumi

_key := "remote_debugging_enabled" if not _pulumi

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
	lib.is_true(config.value[_key])
	path := sprintf("%s/%s", [config.path, _key])
	result := {
		"msg": sprintf(
			"App \"%s\" enables remote debugging, which opens debugger ports and lets a connected debugger inspect and change the running production app. Set %s to false once debugging is done.",
			[input.resource.name, _key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
	}
}
