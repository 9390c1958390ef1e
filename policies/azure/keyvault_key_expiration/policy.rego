# METADATA
# title: Key vault keys have an expiration date
# description: A key without an expiration date stays valid forever, so nothing forces it to be rotated and a key that leaked or was superseded keeps working for encryption, signing and unwrapping. azurerm and the Pulumi Azure classic provider set no expiration when expiration_date is omitted, so a key that leaves it out is reported. Set expiration_date to an RFC 3339 date (often computed, e.g. timeadd of a fixed date) and, better, a rotation_policy that renews the key before it expires.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/key-vault/keys/about-keys-details
#   - https://learn.microsoft.com/en-us/azure/key-vault/keys/how-to-configure-key-rotation
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault_key
# custom:
#   id: VGL-AZURE-007
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_key_vault_key, "azure:keyvault/key:Key"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["8.1", "8.2"]
#     NIST-800-53-r5: ["SC-12"]
#     PCI-DSS-4.0: ["3.7.4"]
#   aliases: [CKV_AZURE_40, AZU-0014]
package vigil.azure.keyvault.key_expiration

import rego.v1

# The attribute per format. No fix: the right lifetime is the owner's choice.
_key := {"azurerm_key_vault_key": "expiration_date", "azure:keyvault/key:Key": "expirationDate"}

_rotation := {"azurerm_key_vault_key": "rotation_policy", "azure:keyvault/key:Key": "rotationPolicy"}

deny contains result if {
	key := _key[input.resource.type]
	object.get(input.resource.values, key, null) == null
	result := {
		"msg": sprintf(
			"Key vault key \"%s\" has no %s, so it never expires and nothing forces its rotation: a leaked or superseded key keeps working. Set %s (and a %s that renews the key before it expires).",
			[input.resource.name, key, key, _rotation[input.resource.type]],
		),
		"path": sprintf("/%s", [key]),
	}
}
