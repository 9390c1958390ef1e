# METADATA
# title: Compute instances do not enable interactive serial port access
# description: The interactive serial console accepts connections from any IP address, and it keeps working when the network, firewall rules or SSH are broken, so it bypasses the controls that normally guard an instance. It is off by default (the serial-port-enable metadata key is absent); this flags instances, instance templates and project metadata that set serial-port-enable to TRUE or 1 (metadata in Terraform and Pulumi alike). Remove the key or set it to FALSE, and enable the console only for the duration of an incident.
# related_resources:
#   - https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_project_metadata_item
# custom:
#   id: VGL-GCP-005
#   severity: medium
#   enforcement: mandatory
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
#     CIS-GCP-Foundations-3.0: ["4.5"]
#     NIST-800-53-r5: ["AC-17", "CM-7"]
#     PCI-DSS-4.0: ["2.2.4"]
#   aliases: [CKV_GCP_35]
package vigil.gcp.compute.serial_port

import rego.v1

_key := "serial-port-enable"

# Types whose `metadata` map holds the key.
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

# Types that set one key: `key` and `value`.
_item_types := {"google_compute_project_metadata_item", "gcp:compute/projectMetadataItem:ProjectMetadataItem"}

_enabled(v) if lower(trim_space(sprintf("%v", [v]))) in {"true", "1"}

_msg(v) := sprintf(
	"Metadata serial-port-enable is %v: the interactive serial console accepts connections from any address and bypasses firewall rules and SSH settings. Remove the key or set it to \"FALSE\", and enable the console only while troubleshooting.",
	[v],
)

deny contains result if {
	input.resource.type in _metadata_types
	v := input.resource.values.metadata[_key]
	_enabled(v)
	path := sprintf("/metadata/%s", [_key])
	result := {
		"msg": _msg(v),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "FALSE"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	input.resource.type in _item_types
	input.resource.values.key == _key
	v := input.resource.values.value
	_enabled(v)
	result := {
		"msg": _msg(v),
		"path": "/value",
		"fix": [{"op": "replace", "path": "/value", "value": "FALSE"}],
		"fix_safety": "unsafe",
	}
}
