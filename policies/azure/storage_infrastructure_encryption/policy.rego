# METADATA
# title: Storage accounts use infrastructure (double) encryption
# description: Infrastructure encryption adds a second layer of AES-256 encryption, with a different key and algorithm implementation, beneath Azure Storage's service-level encryption, so that data stays protected if one layer or its keys is ever compromised. azurerm and the Pulumi Azure classic provider default infrastructure_encryption_enabled to false, so an account that leaves it out is reported (accounts of kind Storage or BlobStorage, which cannot use it, are skipped). The setting can only be chosen when the account is created; turning it on recreates the account. This is a hardening recommendation for accounts holding sensitive data.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/infrastructure-encryption-enable
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#infrastructure_encryption_enabled
# custom:
#   id: VGL-AZURE-026
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.2"]
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
package vigil.azure.storage.infrastructure_encryption

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_storage_account", "path": "/infrastructure_encryption_enabled", "good": [true],
		"missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "This storage account has a single layer of encryption at rest (infrastructure_encryption_enabled is {value}; the default is false). Set infrastructure_encryption_enabled = true for accounts holding sensitive data (this recreates the account).",
	},
	{
		"type": "azure:storage/account:Account", "path": "/infrastructureEncryptionEnabled", "good": [true],
		"missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "This storage account has a single layer of encryption at rest (infrastructureEncryptionEnabled is {value}; the default is false). Set infrastructureEncryptionEnabled: true for accounts holding sensitive data (this recreates the account).",
	},
]

# Kinds that do not support infrastructure encryption.
_unsupported if {
	some key in ["account_kind", "accountKind"]
	kind := input.resource.values[key]
	is_string(kind)
	kind in {"Storage", "BlobStorage"}
}

deny contains result if {
	not _unsupported
	some result in settings.check(_specs)
}
