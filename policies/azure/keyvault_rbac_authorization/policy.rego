# METADATA
# title: Key vaults use Azure RBAC for data access
# description: Vault access policies grant permissions on all keys, secrets or certificates of a vault at once, are managed separately from Azure role assignments, and can be changed by anyone with Contributor rights on the vault, so an identity that may manage the vault can grant itself access to its secrets. The Azure RBAC permission model uses role assignments that can be scoped to single items, are governed by Privileged Identity Management and are logged like every other role. azurerm and the Pulumi Azure classic provider default to access policies (rbac_authorization_enabled in azurerm 4.x, enable_rbac_authorization earlier, both false), so a vault that sets neither to true is reported. Switching an existing vault needs role assignments for every current user first.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-guide
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault#rbac_authorization_enabled
# custom:
#   id: VGL-AZURE-037
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_key_vault, "azure:keyvault/keyVault:KeyVault"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["8.6"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
package vigil.azure.keyvault.rbac_authorization

import data.vigil.lib
import rego.v1

# The attribute's spellings: azurerm 4.x first, then the older one.
_keys := {
	"azurerm_key_vault": ["rbac_authorization_enabled", "enable_rbac_authorization"],
	"azure:keyvault/keyVault:KeyVault": ["rbacAuthorizationEnabled", "enableRbacAuthorization"],
}

_rbac if {
	some key in _keys[input.resource.type]
	lib.is_true(input.resource.values[key])
}

# Set to something that is not false (an unknown value): not reported.
_undecided if {
	some key in _keys[input.resource.type]
	v := input.resource.values[key]
	v != null
	not lib.is_false(v)
}

# The attribute written false, or the current name when none is written.
_false_keys := [key | some key in _keys[input.resource.type]; lib.is_false(input.resource.values[key])]

_path := sprintf("/%s", [_false_keys[0]]) if count(_false_keys) > 0

_path := sprintf("/%s", [_keys[input.resource.type][0]]) if count(_false_keys) == 0

deny contains result if {
	keys := _keys[input.resource.type]
	not _rbac
	not _undecided
	result := {
		"msg": sprintf(
			"Key vault \"%s\" uses vault access policies instead of Azure RBAC, so anyone who can manage the vault can grant themselves access to its secrets. Set %s = true (%s before azurerm 4.x) and grant Key Vault roles instead.",
			[input.resource.name, keys[0], keys[1]],
		),
		"path": _path,
	}
}
