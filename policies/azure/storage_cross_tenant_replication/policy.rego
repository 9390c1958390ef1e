# METADATA
# title: Storage accounts do not allow cross-tenant object replication
# description: With cross-tenant replication allowed, anyone who can write object replication policies on the account can copy its blobs continuously to a storage account in another Microsoft Entra tenant, outside your organisation's control and monitoring. azurerm 4.x and Pulumi Azure classic v6 default cross_tenant_replication_enabled to false, so an account that leaves it out is not reported (azurerm 3.x defaulted it to true; pin it explicitly if you still use 3.x); an explicit true is. Set cross_tenant_replication_enabled = false unless the account replicates to a partner tenant on purpose.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/object-replication-prevent-cross-tenant-policies
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#cross_tenant_replication_enabled
# custom:
#   id: VGL-AZURE-038
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "AC-21"]
package vigil.azure.storage.cross_tenant_replication

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_storage_account", "path": "/cross_tenant_replication_enabled", "good": [false], "fix": false, "fix_safety": "unsafe",
		"msg": "This storage account allows cross-tenant object replication (cross_tenant_replication_enabled is {value}), so its blobs can be copied continuously to an account in another tenant. Set cross_tenant_replication_enabled = false unless that is intended.",
	},
	{
		"type": "azure:storage/account:Account", "path": "/crossTenantReplicationEnabled", "good": [false], "fix": false, "fix_safety": "unsafe",
		"msg": "This storage account allows cross-tenant object replication (crossTenantReplicationEnabled is {value}), so its blobs can be copied continuously to an account in another tenant. Set crossTenantReplicationEnabled: false unless that is intended.",
	},
]

deny contains result if some result in settings.check(_specs)
