# METADATA
# title: Container registries keep the admin user disabled
# description: The admin user of an Azure container registry is a single shared username with two static passwords that can push and pull every repository; it is not tied to a person or workload, is easily copied into pipelines and laptops, and leaves no identity in the logs. azurerm and the Pulumi Azure classic provider default admin_enabled to false, so only an explicit true is reported. Use Entra ID identities (managed identities, service principals) with AcrPull and AcrPush roles, or repository-scoped tokens, and set admin_enabled = false.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/container-registry/container-registry-authentication#admin-account
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/container_registry#admin_enabled
# custom:
#   id: VGL-AZURE-036
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_container_registry, "azure:containerservice/registry:Registry"]
#   controls:
#     NIST-800-53-r5: ["AC-2", "IA-2"]
#     PCI-DSS-4.0: ["8.2.2"]
#   aliases: [CKV_AZURE_137]
package vigil.azure.acr.admin_user

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_container_registry", "path": "/admin_enabled", "good": [false], "fix": false, "fix_safety": "unsafe",
		"msg": "This container registry enables its admin user (admin_enabled is {value}): a shared static password that can push and pull every image, with no identity in the logs. Use managed identities or tokens and set admin_enabled = false.",
	},
	{
		"type": "azure:containerservice/registry:Registry", "path": "/adminEnabled", "good": [false], "fix": false, "fix_safety": "unsafe",
		"msg": "This container registry enables its admin user (adminEnabled is {value}): a shared static password that can push and pull every image, with no identity in the logs. Use managed identities or tokens and set adminEnabled: false.",
	},
]

deny contains result if some result in settings.check(_specs)
