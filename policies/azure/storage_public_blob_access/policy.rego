# METADATA
# title: Storage accounts do not allow public blob access
# description: When a storage account allows public access to nested items, any of its blob containers can be switched to anonymous read access, and a single container setting is then enough to publish data to the internet. This flags accounts that set allow_nested_items_to_be_public (azurerm v3 and later) or allow_blob_public_access (azurerm v2) to true, and accounts that leave it at the provider default (true) while a container of the same configuration is opened to anonymous access. An account that only leaves the attribute out is not flagged on its own, because nothing is exposed until a container opts in and flagging every such account would bury the real exposures; set the attribute to false explicitly unless the account serves public content.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account
# custom:
#   id: VGL-AZURE-002
#   severity: high
#   enforcement: advisory
#   resources: [azurerm_storage_account]
#   controls:
#     NIST-800-53-r5: ["AC-3", "SC-7"]
#     PCI-DSS-4.0: ["7.2.1"]
#   aliases: [CKV_AZURE_190]
package vigil.azure.storage.public_blob_access

import data.vigil.lib

# Imported by name: `lib.input_referrers` would evaluate every rule of data.vigil.lib
# (and of data.vigil.lib.kubernetes) for each resource.
import data.vigil.lib.input_referrers
import rego.v1

deny contains result if {
	some key in ["allow_nested_items_to_be_public", "allow_blob_public_access"]
	lib.is_true(input.resource.values[key])
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"Storage account \"%s\" sets %s to true, so its containers can be opened to anonymous reads from the internet with a single setting. Set %s to false unless the account serves public content on purpose.",
			[input.resource.name, key, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}

# Left at the provider default (true) while a container of this account is public.
deny contains result if {
	not _set(input.resource.values)
	some container in _account_containers
	access := container.values.container_access_type
	is_string(access)
	lower(access) in {"blob", "container"}
	result := {
		"msg": sprintf(
			"Storage account \"%s\" leaves allow_nested_items_to_be_public at its default (true), and container \"%s\" allows anonymous %s access, so its data is readable by anyone on the internet. Set allow_nested_items_to_be_public to false (and the container's access type to private) unless the content is meant to be public.",
			[input.resource.name, _container_name(container), lower(access)],
		),
		"path": "/allow_nested_items_to_be_public",
		"fix": [{"op": "add", "path": "/allow_nested_items_to_be_public", "value": false}],
		"fix_safety": "unsafe",
	}
}

_set(values) if values.allow_nested_items_to_be_public != null

_set(values) if values.allow_blob_public_access != null

# The containers for which _belongs_to_this_account holds, without testing every
# container of the stack for its references: those that refer to this account are its
# input_referrers, each looked up by its address.
_account_containers contains container if {
	some ref in input_referrers
	ref.type == "azurerm_storage_container"
	container := lib.stack_resource_at("azurerm_storage_container", ref.address)
}

# A referring container that cannot be looked up by its address (a stack without that
# index, or several resources at the address): test every container, as a fallback.
_account_containers contains container if {
	some ref in input_referrers
	ref.type == "azurerm_storage_container"
	not lib.stack_resource_at("azurerm_storage_container", ref.address)
	some container in lib.stack_resources("azurerm_storage_container")
	_belongs_to_this_account(container)
}

# The containers that name this account by its literal name (the last
# _belongs_to_this_account): a scan, but only when the account's name is known, and
# with a single comparison per container.
_account_containers contains container if {
	name := _literal_name
	some container in lib.stack_resources("azurerm_storage_container")
	container.values.storage_account_name == name
}

_literal_name := name if {
	name := input.resource.values.name
	is_string(name)
	not contains(name, "${")
}

# The container refers to this account (storage_account_name or storage_account_id).
_belongs_to_this_account(container) if lib.references_to(container, input.resource.address)

_belongs_to_this_account(container) if {
	# Addresses of counted resources carry an index that references leave out.
	base := regex.replace(input.resource.address, `\[[^\]]*\]$`, "")
	base != input.resource.address
	lib.references_to(container, base)
}

_belongs_to_this_account(container) if {
	name := input.resource.values.name
	is_string(name)
	not contains(name, "${")
	container.values.storage_account_name == name
}

_container_name(container) := container.values.name if is_string(container.values.name)

_container_name(container) := container.address if not is_string(container.values.name)
