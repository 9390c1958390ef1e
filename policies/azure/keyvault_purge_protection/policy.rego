# METADATA
# title: Key vaults have purge protection enabled
# description: Without purge protection, a deleted key vault or a deleted key, secret or certificate can be purged during its soft-delete retention period, by mistake or by an attacker with enough rights, and the data it protected (disks, storage accounts and databases encrypted with its keys) is then lost for good. azurerm and the Pulumi Azure classic provider default purge_protection_enabled to false, so a vault that leaves it out is reported. Purge protection cannot be turned off again once on, and a purge-protected vault's name stays reserved until its retention period ends after deletion.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault
# custom:
#   id: VGL-AZURE-005
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_key_vault, "azure:keyvault/keyVault:KeyVault"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["8.5"]
#     NIST-800-53-r5: ["CP-9", "SI-12"]
#   aliases: [CKV_AZURE_42, CKV_AZURE_110, AZU-0016]
package vigil.azure.keyvault.purge_protection

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_key_vault", "path": "/purge_protection_enabled", "good": [true],
		"missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "Key vault purge protection is off (purge_protection_enabled is {value}): a deleted vault or key can be purged before its retention period ends, and data encrypted with its keys is then lost. Set purge_protection_enabled = true (it cannot be turned off again).",
	},
	{
		"type": "azure:keyvault/keyVault:KeyVault", "path": "/purgeProtectionEnabled", "good": [true],
		"missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "Key vault purge protection is off (purgeProtectionEnabled is {value}): a deleted vault or key can be purged before its retention period ends, and data encrypted with its keys is then lost. Set purgeProtectionEnabled: true (it cannot be turned off again).",
	},
]

deny contains result if some result in settings.check(_specs)
