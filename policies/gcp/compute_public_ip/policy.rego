# METADATA
# title: Compute instances have no external IP address
# description: An access_config block in a network interface gives the instance an external IPv4 address (ephemeral when nat_ip is left out), which makes it reachable from the internet wherever firewall rules allow and lets it reach the internet directly. Instances without one are reachable only inside the VPC, through Identity-Aware Proxy or a load balancer, and reach the internet through Cloud NAT. This flags every access_config of instances and instance templates (accessConfigs of networkInterfaces in Pulumi). An instance that must be public, such as a bastion or VPN endpoint, can suppress it.
# related_resources:
#   - https://cloud.google.com/compute/docs/ip-addresses/reserve-static-external-ip-address
#   - https://cloud.google.com/nat/docs/overview
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#access_config
# custom:
#   id: VGL-GCP-011
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
#     CIS-GCP-Foundations-3.0: ["4.9"]
#     NIST-800-53-r5: ["SC-7"]
#     PCI-DSS-4.0: ["1.4.4"]
#   aliases: [CKV_GCP_40]
package vigil.gcp.compute.public_ip

import data.vigil.lib
import rego.v1

_names := {
	"google_compute_instance": {"nic": "network_interface", "access": "access_config"},
	"google_compute_instance_template": {"nic": "network_interface", "access": "access_config"},
	"google_compute_region_instance_template": {"nic": "network_interface", "access": "access_config"},
	"google_compute_instance_from_template": {"nic": "network_interface", "access": "access_config"},
	"gcp:compute/instance:Instance": {"nic": "networkInterfaces", "access": "accessConfigs"},
	"gcp:compute/instanceTemplate:InstanceTemplate": {"nic": "networkInterfaces", "access": "accessConfigs"},
	"gcp:compute/regionInstanceTemplate:RegionInstanceTemplate": {"nic": "networkInterfaces", "access": "accessConfigs"},
	"gcp:compute/instanceFromTemplate:InstanceFromTemplate": {"nic": "networkInterfaces", "access": "accessConfigs"},
}

_n := _names[input.resource.type]

deny contains result if {
	some nic in lib.block_entries(input.resource.values, _n.nic, "")
	is_object(nic.value)
	some access in lib.block_entries(nic.value, _n.access, nic.path)
	is_object(access.value)
	result := {
		"msg": sprintf(
			"The network interface has an %s, so the instance gets an external IP address: it can be reached from the internet wherever firewall rules allow. Remove it and reach the instance through Identity-Aware Proxy or a load balancer, with Cloud NAT for outbound traffic.",
			[_n.access],
		),
		"path": access.path,
		"fix": [{"op": "remove", "path": access.path}],
		"fix_safety": "unsafe",
	}
}
