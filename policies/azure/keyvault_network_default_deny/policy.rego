# METADATA
# title: Key vaults deny network access by default
# description: A key vault whose firewall allows every network by default can be reached from anywhere on the internet, so a leaked credential or token is enough to read its keys and secrets from any address. azurerm and the Pulumi Azure classic provider leave the firewall open (default action Allow) when network_acls is omitted, so a vault without network_acls is reported, as is one whose default_action is Allow. A vault with public network access disabled (public_network_access_enabled = false, reached through private endpoints) is not reported. Set network_acls with default_action = "Deny" and bypass = "AzureServices", and allow the networks that need the vault with ip_rules and virtual_network_subnet_ids.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/key-vault/general/network-security
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault
# custom:
#   id: VGL-AZURE-006
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_key_vault, "azure:keyvault/keyVault:KeyVault"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_AZURE_109, AZU-0013]
package vigil.azure.keyvault.network_default_deny

import data.vigil.lib
import rego.v1

_values := input.resource.values

# Attribute names per format.
_names := {
	"azurerm_key_vault": {"acls": "network_acls", "action": "default_action", "bypass": "bypass", "public": "public_network_access_enabled"},
	"azure:keyvault/keyVault:KeyVault": {"acls": "networkAcls", "action": "defaultAction", "bypass": "bypass", "public": "publicNetworkAccessEnabled"},
}

_n := _names[input.resource.type]

_public_access_disabled if lib.is_false(_values[_n.public])

# Written once, the block is an object; a list (written as an attribute) holds at most one.
_acls := _values[_n.acls] if is_object(_values[_n.acls])

_acls := _values[_n.acls][0] if is_array(_values[_n.acls])

_acls_path := sprintf("/%s", [_n.acls]) if is_object(_values[_n.acls])

_acls_path := sprintf("/%s/0", [_n.acls]) if is_array(_values[_n.acls])

_acls_missing if not lib.has_key(_values, _n.acls)

_acls_missing if _values[_n.acls] == null

_acls_missing if _values[_n.acls] == []

deny contains result if {
	not _public_access_disabled
	_acls_missing
	path := sprintf("/%s", [_n.acls])
	result := {
		"msg": sprintf(
			"Key vault \"%s\" has no %s, so its firewall allows every network by default: the vault's keys and secrets can be requested from anywhere on the internet. Add %s with %s = \"Deny\" and %s = \"AzureServices\", and allow only the networks that need it.",
			[input.resource.name, _n.acls, _n.acls, _n.action, _n.bypass],
		),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": {_n.action: "Deny", _n.bypass: "AzureServices"}}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	not _public_access_disabled
	action := _acls[_n.action]
	is_string(action)
	lower(action) == "allow"
	path := sprintf("%s/%s", [_acls_path, _n.action])
	result := {
		"msg": sprintf(
			"Key vault \"%s\" sets %s to \"%s\", so its firewall allows every network: the vault's keys and secrets can be requested from anywhere on the internet. Set %s = \"Deny\" and allow only the networks that need it with IP rules or subnets.",
			[input.resource.name, _n.action, action, _n.action],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "Deny"}],
		"fix_safety": "unsafe",
	}
}
