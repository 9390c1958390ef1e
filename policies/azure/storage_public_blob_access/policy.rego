# METADATA
# title: Storage accounts do not allow public blob access
# description: When a storage account allows public access to nested items, any of its blob containers can be switched to anonymous read access, and a single container setting is then enough to publish data to the internet. This flags accounts that set allow_nested_items_to_be_public (azurerm v3 and later; allowNestedItemsToBePublic in Pulumi Azure classic) or allow_blob_public_access (azurerm v2; allowBlobPublicAccess) to true, and accounts that leave it at the provider default (true) while a container of the same configuration is opened to anonymous access. An account that only leaves the attribute out is not flagged on its own, because nothing is exposed until a container opts in and flagging every such account would bury the real exposures; set the attribute to false explicitly unless the account serves public content.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account
# custom:
#   id: VGL-AZURE-002
#   severity: high
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
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

_tf := "azurerm_storage_account"

_pulumi := "azure:storage/account:Account"

# The attribute's spellings per format: the current one first, then the azurerm v2 one.
_keys := {
	_tf: ["allow_nested_items_to_be_public", "allow_blob_public_access"],
	_pulumi: ["allowNestedItemsToBePublic", "allowBlobPublicAccess"],
}

# The container's access type attribute per format.
_access_key := {_tf: "container_access_type", _pulumi: "containerAccessType"}

deny contains result if {
	some key in _keys[input.resource.type]
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
	key := _keys[input.resource.type][0]
	not _set(input.resource.values)
	some container in _account_containers
	access := object.get(container.values, _access_key[input.resource.type], null)
	is_string(access)
	lower(access) in {"blob", "container"}
	result := {
		"msg": sprintf(
			"Storage account \"%s\" leaves %s at its default (true), and container \"%s\" allows anonymous %s access, so its data is readable by anyone on the internet. Set %s to false (and the container's access type to private) unless the content is meant to be public.",
			[input.resource.name, key, _container_name(container), lower(access), key],
		),
		"path": sprintf("/%s", [key]),
		"fix": [{"op": "add", "path": sprintf("/%s", [key]), "value": false}],
		"fix_safety": "unsafe",
	}
}

_set(values) if {
	some key in _keys[input.resource.type]
	values[key] != null
}

# The containers for which _belongs_to_this_account holds, without testing every
# container of the stack for its references: those that refer to this account are its
# input_referrers, each looked up by its address.
_account_containers contains container if {
	input.resource.type == _tf
	some ref in input_referrers
	ref.type == "azurerm_storage_container"
	container := lib.stack_resource_at("azurerm_storage_container", ref.address)
}

# A referring container that cannot be looked up by its address (a stack without that
# index, or several resources at the address): test every container, as a fallback.
_account_containers contains container if {
	input.resource.type == _tf
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
	input.resource.type == _tf
	name := _literal_name
	some container in lib.stack_resources("azurerm_storage_container")
	container.values.storage_account_name == name
}

# The same for Pulumi containers (azure:storage/container:Container), which name their
# account with storageAccountName (or storageAccountId). The library lookups take a
# literal type, hence the copies.
_account_containers contains container if {
	input.resource.type == _pulumi
	some ref in input_referrers
	ref.type == "azure:storage/container:Container"
	container := lib.stack_resource_at("azure:storage/container:Container", ref.address)
}

_account_containers contains container if {
	input.resource.type == _pulumi
	some ref in input_referrers
	ref.type == "azure:storage/container:Container"
	not lib.stack_resource_at("azure:storage/container:Container", ref.address)
	some container in lib.stack_resources("azure:storage/container:Container")
	_belongs_to_this_account(container)
}

_account_containers contains container if {
	input.resource.type == _pulumi
	name := _literal_name
	some container in lib.stack_resources("azure:storage/container:Container")
	container.values.storageAccountName == name
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
	_container_account_name(container) == name
}

_container_account_name(container) := container.values.storage_account_name

_container_account_name(container) := container.values.storageAccountName

_container_name(container) := container.values.name if is_string(container.values.name)

_container_name(container) := container.address if not is_string(container.values.name)
