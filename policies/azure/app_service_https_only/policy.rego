# METADATA
# title: App Service and Function apps accept only HTTPS
# description: An App Service or Function app that is not HTTPS-only also serves its site, APIs and authentication cookies over plain HTTP, where they can be read or altered on the way. azurerm and the Pulumi Azure classic provider default https_only to false, so an app that leaves it out is reported (web apps, function apps, and the legacy azurerm_app_service and azurerm_function_app). Set https_only = true; App Service then redirects HTTP requests to HTTPS.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-https
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app#https_only
# custom:
#   id: VGL-AZURE-019
#   severity: medium
#   enforcement: mandatory
#   resources: [azurerm_linux_web_app, azurerm_windows_web_app, azurerm_linux_function_app, azurerm_windows_function_app, azurerm_app_service, azurerm_function_app, "azure:appservice/linuxWebApp:LinuxWebApp", "azure:appservice/windowsWebApp:WindowsWebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp", "azure:appservice/windowsFunctionApp:WindowsFunctionApp", "azure:appservice/appService:AppService", "azure:appservice/functionApp:FunctionApp"]
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_14, CKV_AZURE_70, AZU-0072]
package vigil.azure.appservice.https_only

import data.vigil.lib.settings
import rego.v1

_tf_types := ["azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_function_app"]

_pulumi_types := ["azure:appservice/linuxWebApp:LinuxWebApp", "azure:appservice/windowsWebApp:WindowsWebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp", "azure:appservice/windowsFunctionApp:WindowsFunctionApp", "azure:appservice/appService:AppService", "azure:appservice/functionApp:FunctionApp"]

_specs := array.concat(
	[{
		"type": t, "path": "/https_only", "good": [true], "missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "This app also serves plain HTTP (https_only is {value}; the default is false), so its pages, API calls and cookies can be read or altered in transit. Set https_only = true.",
	} |
		some t in _tf_types
	],
	[{
		"type": t, "path": "/httpsOnly", "good": [true], "missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "This app also serves plain HTTP (httpsOnly is {value}; the default is false), so its pages, API calls and cookies can be read or altered in transit. Set httpsOnly: true.",
	} |
		some t in _pulumi_types
	],
)

deny contains result if some result in settings.check(_specs)
