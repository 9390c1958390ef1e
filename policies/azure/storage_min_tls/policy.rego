# METADATA
# title: Storage accounts require TLS 1.2 or later
# description: TLS 1.0 and 1.1 have known weaknesses and are deprecated; a storage account whose minimum TLS version is one of them lets clients negotiate those versions. The azurerm provider (since 3.0) and the Pulumi Azure classic provider default min_tls_version to TLS1_2, so an account that leaves the setting out is not reported; only an explicit TLS1_0 or TLS1_1 is, and an omitted one in a Terraform configuration whose required_providers constraint keeps azurerm below 3.0 (such as "~> 2.99"), where the default was TLS1_0. Set min_tls_version (minTlsVersion in Pulumi) to TLS1_2.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/3.0-upgrade-guide
# custom:
#   id: VGL-AZURE-003
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.15"]
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_44, AZU-0011]
package vigil.azure.storage.min_tls

import data.vigil.lib

import rego.v1

_weak := {"TLS1_0", "TLS1_1"}

# The attribute per format: Terraform writes min_tls_version, Pulumi minTlsVersion.
_key := "min_tls_version" if input.resource.type == "azurerm_storage_account"

_key := "minTlsVersion" if input.resource.type == "azure:storage/account:Account"

deny contains result if {
	key := _key
	version := input.resource.values[key]
	is_string(version)
	upper(version) in _weak
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"Storage account \"%s\" accepts %s, a deprecated TLS version with known weaknesses. Set %s to \"TLS1_2\"%s.",
			[input.resource.name, version, key, _or_leave_out],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "TLS1_2"}],
	}
}

# Leaving the setting out is advice only where the default is TLS1_2.
_or_leave_out := "" if lib.provider_capped_below("azurerm", "3.0.0")

_or_leave_out := " (or leave it out: the provider default is TLS1_2)" if not lib.provider_capped_below("azurerm", "3.0.0")

# azurerm before 3.0 defaulted to TLS1_0: an omitted setting is weak where the
# configuration's required_providers keeps the provider there.
deny contains result if {
	input.resource.type == "azurerm_storage_account"
	not lib.has_key(input.resource.values, "min_tls_version")
	lib.provider_capped_below("azurerm", "3.0.0")
	result := {
		"msg": sprintf(
			"Storage account \"%s\" leaves min_tls_version out, and this configuration's required_providers keeps azurerm below 3.0, whose default is TLS1_0 (a deprecated TLS version with known weaknesses). Set min_tls_version = \"TLS1_2\".",
			[input.resource.name],
		),
		"path": "/min_tls_version",
		"fix": [{"op": "add", "path": "/min_tls_version", "value": "TLS1_2"}],
	}
}
