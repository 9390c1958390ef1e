# METADATA
# title: Storage accounts require TLS 1.2 or later
# description: TLS 1.0 and 1.1 have known weaknesses and are deprecated; a storage account whose minimum TLS version is one of them lets clients negotiate those versions. Set min_tls_version to TLS1_2.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account
# custom:
#   id: VGL-AZURE-003
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_storage_account]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.15"]
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_44, AZU-0011]
package vigil.azure.storage.min_tls

import rego.v1

_weak := {"TLS1_0", "TLS1_1"}

deny contains result if {
	version := input.resource.values.min_tls_version
	is_string(version)
	upper(version) in _weak
	result := {
		"msg": sprintf(
			"Storage account \"%s\" accepts %s, a deprecated TLS version with known weaknesses. Set min_tls_version to \"TLS1_2\".",
			[input.resource.name, version],
		),
		"path": "/min_tls_version",
		"fix": [{"op": "replace", "path": "/min_tls_version", "value": "TLS1_2"}],
	}
}
