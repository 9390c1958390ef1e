# METADATA
# title: Compute instances block project-wide SSH keys
# description: An SSH key added to project metadata opens every instance of the project that accepts project-wide keys, so one leaked key reaches all of them. Instances accept those keys unless their metadata sets block-project-ssh-keys to TRUE; the default (key absent) accepts them. This flags instances and instance templates (Terraform and Pulumi) that set the key to FALSE or leave it out, except where OS Login is on (enable-oslogin TRUE in the instance's metadata, or in project metadata of the same stack), since OS Login ignores metadata SSH keys. Set block-project-ssh-keys = "TRUE" and give instance-specific keys, or better, use OS Login.
# related_resources:
#   - https://cloud.google.com/compute/docs/connect/restrict-ssh-keys
#   - https://cloud.google.com/compute/docs/oslogin
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance
# custom:
#   id: VGL-GCP-007
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_compute_instance
#     - google_compute_instance_template
#     - google_compute_region_instance_template
#     - "gcp:compute/instance:Instance"
#     - "gcp:compute/instanceTemplate:InstanceTemplate"
#     - "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate"
#   controls:
#     CIS-GCP-Foundations-3.0: ["4.3"]
#     NIST-800-53-r5: ["AC-3", "IA-5"]
#   aliases: [CKV_GCP_32]
package vigil.gcp.compute.block_project_ssh_keys

import data.vigil.lib
import rego.v1

_types := {
	"google_compute_instance",
	"google_compute_instance_template",
	"google_compute_region_instance_template",
	"gcp:compute/instance:Instance",
	"gcp:compute/instanceTemplate:InstanceTemplate",
	"gcp:compute/regionInstanceTemplate:RegionInstanceTemplate",
}

_key := "block-project-ssh-keys"

_path := "/metadata/block-project-ssh-keys"

_values := input.resource.values

_norm(v) := lower(trim_space(sprintf("%v", [v])))

_truthy(v) if _norm(v) in {"true", "1"}

_falsy(v) if _norm(v) in {"false", "0"}

# OS Login ignores metadata SSH keys: on the instance itself...
_os_login if _truthy(_values.metadata["enable-oslogin"])

# ...or for the project, in project metadata declared in the same stack.
_os_login if {
	not _instance_sets_os_login
	some r in lib.stack_resources("google_compute_project_metadata")
	_truthy(r.values.metadata["enable-oslogin"])
}

_os_login if {
	not _instance_sets_os_login
	some r in lib.stack_resources("gcp:compute/projectMetadata:ProjectMetadata")
	_truthy(r.values.metadata["enable-oslogin"])
}

_os_login if {
	not _instance_sets_os_login
	some r in lib.stack_resources("google_compute_project_metadata_item")
	r.values.key == "enable-oslogin"
	_truthy(r.values.value)
}

_os_login if {
	not _instance_sets_os_login
	some r in lib.stack_resources("gcp:compute/projectMetadataItem:ProjectMetadataItem")
	r.values.key == "enable-oslogin"
	_truthy(r.values.value)
}

# The instance decides OS Login for itself (on or off).
_instance_sets_os_login if _values.metadata["enable-oslogin"] != null

_metadata_object if is_object(_values.metadata)

deny contains result if {
	input.resource.type in _types
	v := _values.metadata[_key]
	_falsy(v)
	not _os_login
	result := {
		"msg": sprintf("Metadata block-project-ssh-keys is %v: any SSH key added to project metadata opens this instance too, so one leaked key reaches every such instance. Set it to \"TRUE\" and use instance-specific keys or OS Login.", [v]),
		"path": _path,
		"fix": [{"op": "replace", "path": _path, "value": "TRUE"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	input.resource.type in _types
	_metadata_object
	not lib.has_key(_values.metadata, _key)
	not _os_login
	result := {
		"msg": "Metadata does not set block-project-ssh-keys, so the instance accepts every SSH key added to project metadata and one leaked key reaches every such instance. Add block-project-ssh-keys = \"TRUE\" to metadata, or enable OS Login.",
		"path": _path,
		"fix": [{"op": "add", "path": _path, "value": "TRUE"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	input.resource.type in _types
	not lib.has_key(_values, "metadata")
	not _os_login
	result := {
		"msg": "The instance has no metadata setting block-project-ssh-keys, so it accepts every SSH key added to project metadata and one leaked key reaches every such instance. Add metadata with block-project-ssh-keys = \"TRUE\", or enable OS Login.",
		"path": _path,
		"fix": [{"op": "add", "path": "/metadata", "value": {"block-project-ssh-keys": "TRUE"}, "hcl": "attribute"}],
		"fix_safety": "unsafe",
	}
}
