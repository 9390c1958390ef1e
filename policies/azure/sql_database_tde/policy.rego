# METADATA
# title: Azure SQL databases keep transparent data encryption on
# description: Transparent data encryption (TDE) encrypts a database's files, backups and transaction logs at rest; with it turned off, anyone who obtains a copy of the files or backups can read the data. azurerm (3.0 and later) and the Pulumi Azure classic provider default transparent_data_encryption_enabled to true, so only a database that turns it off explicitly is reported. Set transparent_data_encryption_enabled = true (or remove it).
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/transparent-data-encryption-tde-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_database#transparent_data_encryption_enabled
# custom:
#   id: VGL-AZURE-041
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_mssql_database, "azure:mssql/database:Database"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["4.1.5"]
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
package vigil.azure.sql.database_tde

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_mssql_database", "path": "/transparent_data_encryption_enabled", "good": [true], "fix": true,
		"msg": "This SQL database turns transparent data encryption off (transparent_data_encryption_enabled is {value}), so its files and backups are stored unencrypted. Set transparent_data_encryption_enabled = true (the default).",
	},
	{
		"type": "azure:mssql/database:Database", "path": "/transparentDataEncryptionEnabled", "good": [true], "fix": true,
		"msg": "This SQL database turns transparent data encryption off (transparentDataEncryptionEnabled is {value}), so its files and backups are stored unencrypted. Set transparentDataEncryptionEnabled: true (the default).",
	},
]

deny contains result if some result in settings.check(_specs)
