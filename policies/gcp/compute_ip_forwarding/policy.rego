# METADATA
# title: Compute instances do not forward IP packets
# description: With IP forwarding on, an instance may send and receive packets whose addresses are not its own, so it can route, spoof or intercept traffic inside the VPC. Only NAT gateways, routers and network appliances need it. can_ip_forward defaults to false (canIpForward in Pulumi); this flags instances and instance templates that set it to true. Set it to false, or keep it only on appliances that route traffic (and suppress this finding for them).
# related_resources:
#   - https://cloud.google.com/vpc/docs/using-routes#canipforward
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#can_ip_forward
# custom:
#   id: VGL-GCP-008
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_compute_instance
#     - google_compute_instance_template
#     - google_compute_region_instance_template
#     - google_compute_instance_from_template
#     - "gcp:compute/instance:Instance"
#     - "gcp:compute/instanceTemplate:InstanceTemplate"
#     - "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate"
#     - "gcp:compute/instanceFromTemplate:InstanceFromTemplate"
#   controls:
#     CIS-GCP-Foundations-3.0: ["4.6"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#   aliases: [CKV_GCP_36]
package vigil.gcp.compute.ip_forwarding

import data.vigil.lib.settings
import rego.v1

_tf_msg := "can_ip_forward is true: the instance can send and receive packets for addresses that are not its own, so it can route, spoof or intercept VPC traffic. Set can_ip_forward = false unless it is a router or NAT appliance."

_pulumi_msg := "canIpForward is true: the instance can send and receive packets for addresses that are not its own, so it can route, spoof or intercept VPC traffic. Set canIpForward: false unless it is a router or NAT appliance."

_tf_types := ["google_compute_instance", "google_compute_instance_template", "google_compute_region_instance_template", "google_compute_instance_from_template"]

_pulumi_types := ["gcp:compute/instance:Instance", "gcp:compute/instanceTemplate:InstanceTemplate", "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate", "gcp:compute/instanceFromTemplate:InstanceFromTemplate"]

_spec(type, path, msg) := {"type": type, "path": path, "good": [false], "fix": false, "fix_safety": "unsafe", "msg": msg}

_specs := array.concat(
	[_spec(t, "/can_ip_forward", _tf_msg) | some t in _tf_types],
	[_spec(t, "/canIpForward", _pulumi_msg) | some t in _pulumi_types],
)

deny contains result if some result in settings.check(_specs)
