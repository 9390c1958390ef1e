# METADATA
# title: Storage accounts keep deleted blobs for a retention period
# description: Blob soft delete keeps deleted and overwritten blobs recoverable for a retention period, so a mistaken script, a compromised key or ransomware that deletes data does not destroy it for good. azurerm and the Pulumi Azure classic provider configure no blob soft delete unless blob_properties contains a delete_retention_policy block (its days then default to 7), so an account without one is reported; FileStorage accounts, which have no blob service, are skipped. Add blob_properties { delete_retention_policy { days = 7 } } or longer, and consider container_delete_retention_policy as well.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/soft-delete-blob-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#delete_retention_policy
# custom:
#   id: VGL-AZURE-027
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_storage_account, "azure:storage/account:Account"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["3.11"]
#     NIST-800-53-r5: ["CP-9"]
package vigil.azure.storage.blob_soft_delete

import rego.v1

_values := input.resource.values

_names := {
	"azurerm_storage_account": {"props": "blob_properties", "policy": "delete_retention_policy", "kind": "account_kind"},
	"azure:storage/account:Account": {"props": "blobProperties", "policy": "deleteRetentionPolicy", "kind": "accountKind"},
}

_n := _names[input.resource.type]

_no_blob_service if _values[_n.kind] == "FileStorage"

_props := _values[_n.props] if is_object(_values[_n.props])

_props := _values[_n.props][0] if is_array(_values[_n.props])

_props_path := sprintf("/%s", [_n.props]) if is_object(_values[_n.props])

_props_path := sprintf("/%s/0", [_n.props]) if is_array(_values[_n.props])

_no_props if object.get(_values, _n.props, null) == null

_no_props if _values[_n.props] == []

_policy_missing(props) if object.get(props, _n.policy, null) == null

_policy_missing(props) if props[_n.policy] == []

_msg := sprintf(
	"Storage account \"%s\" has no blob soft delete (%s.%s is not set), so deleted or overwritten blobs cannot be recovered. Add %s { %s { days = 7 } } or a longer retention.",
	[input.resource.name, _n.props, _n.policy, _n.props, _n.policy],
)

deny contains result if {
	not _no_blob_service
	_no_props
	path := sprintf("/%s", [_n.props])
	result := {
		"msg": _msg,
		"path": sprintf("%s/%s", [path, _n.policy]),
		"fix": [{"op": "add", "path": path, "value": {_n.policy: {"days": 7}}}],
	}
}

deny contains result if {
	not _no_blob_service
	_policy_missing(_props)
	path := sprintf("%s/%s", [_props_path, _n.policy])
	result := {
		"msg": _msg,
		"path": path,
		"fix": [{"op": "add", "path": path, "value": {"days": 7}}],
	}
}
