# METADATA
# title: Key vault secrets have an expiration date
# description: A secret without an expiration date stays valid forever in the vault, so nothing prompts its rotation and a password, connection string or token that leaked keeps its value indefinitely. azurerm and the Pulumi Azure classic provider set no expiration when expiration_date is omitted, so a secret that leaves it out is reported. Set expiration_date to an RFC 3339 date and rotate the secret before it expires.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault_secret
# custom:
#   id: VGL-AZURE-008
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_key_vault_secret, "azure:keyvault/secret:Secret"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["8.3", "8.4"]
#     NIST-800-53-r5: ["IA-5"]
#   aliases: [CKV_AZURE_41, AZU-0017]
package vigil.azure.keyvault.secret_expiration

import rego.v1

# The attribute per format. No fix: the right lifetime is the owner's choice.
_key := {"azurerm_key_vault_secret": "expiration_date", "azure:keyvault/secret:Secret": "expirationDate"}

deny contains result if {
	key := _key[input.resource.type]
	object.get(input.resource.values, key, null) == null
	result := {
		"msg": sprintf(
			"Key vault secret \"%s\" has no %s, so it never expires and nothing prompts its rotation: a leaked value keeps working indefinitely. Set %s and rotate the secret before that date.",
			[input.resource.name, key, key],
		),
		"path": sprintf("/%s", [key]),
	}
}
