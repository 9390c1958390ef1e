# METADATA
# title: Storage accounts disable Shared Key authorization
# description: With Shared Key authorization, anyone holding one of the account's two access keys, or a SAS token signed with them, has full access to all of its data, with no identity in the logs and no expiry until the keys are rotated. Requiring Microsoft Entra ID instead ties every request to an identity and to RBAC. azurerm and the Pulumi Azure classic provider default shared_access_key_enabled to true, so an account that leaves it out is reported. Before turning it off, make sure every client, including Terraform itself (provider setting storage_use_azuread = true), authenticates with Entra ID. This is a hardening recommendation.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/shared-key-authorization-prevent
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#shared_access_key_enabled
# custom:
#   id: VGL-AZURE-028
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
#   controls:
#     NIST-800-53-r5: ["IA-2", "AC-3"]
package vigil.azure.storage.shared_key_access

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_storage_account", "path": "/shared_access_key_enabled", "good": [false],
		"missing": true, "fix": false, "fix_safety": "unsafe",
		"msg": "This storage account accepts Shared Key authorization (shared_access_key_enabled is {value}; the default is true): its access keys and key-signed SAS tokens grant full, anonymous-in-the-logs access. Set shared_access_key_enabled = false once every client uses Entra ID.",
	},
	{
		"type": "azure:storage/account:Account", "path": "/sharedAccessKeyEnabled", "good": [false],
		"missing": true, "fix": false, "fix_safety": "unsafe",
		"msg": "This storage account accepts Shared Key authorization (sharedAccessKeyEnabled is {value}; the default is true): its access keys and key-signed SAS tokens grant full, anonymous-in-the-logs access. Set sharedAccessKeyEnabled: false once every client uses Entra ID.",
	},
]

deny contains result if some result in settings.check(_specs)
