# METADATA
# title: Compute instances do not turn OS Login off
# description: OS Login ties SSH access to IAM, so removing a person's role or account removes their access, and it records who logged in. An instance or template whose metadata sets enable-oslogin to FALSE falls back to SSH keys kept in metadata, which nobody reviews or revokes centrally. This flags enable-oslogin set to FALSE (or 0) on instances, instance templates and project metadata, in Terraform and Pulumi. Leaving the key out is not reported, as the instance then follows the project metadata or the organization policy (compute.requireOsLogin), which is where OS Login is usually turned on.
# related_resources:
#   - https://cloud.google.com/compute/docs/oslogin/set-up-oslogin
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_project_metadata_item
# custom:
#   id: VGL-GCP-006
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_compute_instance
#     - google_compute_instance_template
#     - google_compute_region_instance_template
#     - google_compute_instance_from_template
#     - google_compute_project_metadata
#     - google_compute_project_metadata_item
#     - "gcp:compute/instance:Instance"
#     - "gcp:compute/instanceTemplate:InstanceTemplate"
#     - "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate"
#     - "gcp:compute/instanceFromTemplate:InstanceFromTemplate"
#     - "gcp:compute/projectMetadata:ProjectMetadata"
#     - "gcp:compute/projectMetadataItem:ProjectMetadataItem"
#   controls:
#     CIS-GCP-Foundations-3.0: ["4.4"]
#     NIST-800-53-r5: ["AC-2", "IA-2"]
#     PCI-DSS-4.0: ["8.2.1"]
#   aliases: [CKV_GCP_34]
package vigil.gcp.compute.os_login

import rego.v1

_key := "enable-oslogin"

_metadata_types := {
	"google_compute_instance",
	"google_compute_instance_template",
	"google_compute_region_instance_template",
	"google_compute_instance_from_template",
	"google_compute_project_metadata",
	"gcp:compute/instance:Instance",
	"gcp:compute/instanceTemplate:InstanceTemplate",
	"gcp:compute/regionInstanceTemplate:RegionInstanceTemplate",
	"gcp:compute/instanceFromTemplate:InstanceFromTemplate",
	"gcp:compute/projectMetadata:ProjectMetadata",
}

_item_types := {"google_compute_project_metadata_item", "gcp:compute/projectMetadataItem:ProjectMetadataItem"}

_disabled(v) if lower(trim_space(sprintf("%v", [v]))) in {"false", "0"}

_msg(v) := sprintf(
	"Metadata enable-oslogin is %v: SSH access then relies on keys kept in metadata instead of IAM, so it is not revoked when a person's role or account is removed. Set it to \"TRUE\" (or remove it and enable OS Login for the project).",
	[v],
)

deny contains result if {
	input.resource.type in _metadata_types
	v := input.resource.values.metadata[_key]
	_disabled(v)
	path := sprintf("/metadata/%s", [_key])
	result := {
		"msg": _msg(v),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "TRUE"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	input.resource.type in _item_types
	input.resource.values.key == _key
	v := input.resource.values.value
	_disabled(v)
	result := {
		"msg": _msg(v),
		"path": "/value",
		"fix": [{"op": "replace", "path": "/value", "value": "TRUE"}],
		"fix_safety": "unsafe",
	}
}
