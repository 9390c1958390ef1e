# METADATA
# title: Storage accounts accept only HTTPS traffic
# description: When secure transfer is turned off, a storage account also accepts requests over plain HTTP (and SMB without encryption), so data, shared access signatures and keys can be read or altered on the way. The setting is on by default (azurerm and the Pulumi Azure classic provider default it to true), so an account that leaves it out is not reported; this flags storage accounts that turn it off explicitly with enable_https_traffic_only (azurerm v3; enableHttpsTrafficOnly in Pulumi Azure v5) or https_traffic_only_enabled (azurerm v4; httpsTrafficOnlyEnabled in Pulumi Azure v6).
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account
# custom:
#   id: VGL-AZURE-001
#   severity: high
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.1"]
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_3, AZU-0008]
package vigil.azure.storage.https_only

import data.vigil.lib
import rego.v1

# The attribute's spellings per format (azurerm v3 and v4, Pulumi Azure v5 and v6).
_keys := {
	"azurerm_storage_account": ["enable_https_traffic_only", "https_traffic_only_enabled"],
	"azure:storage/account:Account": ["enableHttpsTrafficOnly", "httpsTrafficOnlyEnabled"],
}

deny contains result if {
	some key in _keys[input.resource.type]
	lib.is_false(input.resource.values[key])
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"Storage account \"%s\" sets %s to false, so it accepts unencrypted HTTP requests: data and credentials can be intercepted or changed in transit. Set %s to true.",
			[input.resource.name, key, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
	}
}
