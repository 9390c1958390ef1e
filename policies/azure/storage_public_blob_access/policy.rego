# METADATA
# title: Storage accounts do not allow public blob access
# description: When a storage account allows public access to nested items, any of its containers can be switched to anonymous read access, and one container setting is then enough to publish data to the internet. This flags accounts that set allow_nested_items_to_be_public (azurerm v3 and v4) or allow_blob_public_access (azurerm v2) to true. It does not flag the attribute when it is left out, although the azurerm v3 default is true, because the default is false from v4 on and the provider version cannot be told from the resource; set the attribute to false explicitly to be safe with every version.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account
# custom:
#   id: VGL-AZURE-002
#   severity: high
#   enforcement: advisory
#   resources: [azurerm_storage_account]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.7"]
#     NIST-800-53-r5: ["AC-3", "SC-7"]
#     PCI-DSS-4.0: ["7.2.1"]
#   aliases: [CKV_AZURE_190]
package vigil.azure.storage.public_blob_access

import data.vigil.lib
import rego.v1

deny contains result if {
	some key in ["allow_nested_items_to_be_public", "allow_blob_public_access"]
	lib.is_true(input.resource.values[key])
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"Storage account %q sets %s to true, so its containers can be opened to anonymous reads from the internet with a single setting. Set %s to false unless the account serves public content on purpose.",
			[input.resource.name, key, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
