# METADATA
# title: New projects are created without the default network
# description: The default network has a subnet in every region and comes with firewall rules that allow SSH, RDP and ICMP from anywhere and all traffic inside the network, so instances placed in it are exposed before anyone has designed the network. google_project creates it unless auto_create_network is false (autoCreateNetwork in Pulumi; the default is true), so this flags projects that leave it out or set it to true. Set auto_create_network = false and create a custom-mode VPC; if the organization policy constraints/compute.skipDefaultNetworkCreation already applies, suppress this finding.
# related_resources:
#   - https://cloud.google.com/vpc/docs/vpc#default-network
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project#auto_create_network
# custom:
#   id: VGL-GCP-042
#   severity: medium
#   enforcement: advisory
#   resources: [google_project, "gcp:organizations/project:Project"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["3.1"]
#     NIST-800-53-r5: ["CM-7", "SC-7"]
#   aliases: [CKV_GCP_27]
package vigil.gcp.project.default_network

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_project", "path": "/auto_create_network", "good": [false], "missing": true,
		"fix": false, "fix_safety": "unsafe",
		"msg": "auto_create_network is true: the project gets the default network, whose firewall rules allow SSH, RDP and ICMP from anywhere. Set auto_create_network = false and create a custom-mode VPC.",
		"missing_msg": "The project does not set auto_create_network, which defaults to true: it gets the default network, whose firewall rules allow SSH, RDP and ICMP from anywhere. Set auto_create_network = false and create a custom-mode VPC.",
	},
	{
		"type": "gcp:organizations/project:Project", "path": "/autoCreateNetwork", "good": [false], "missing": true,
		"fix": false, "fix_safety": "unsafe",
		"msg": "autoCreateNetwork is true: the project gets the default network, whose firewall rules allow SSH, RDP and ICMP from anywhere. Set autoCreateNetwork: false and create a custom-mode VPC.",
		"missing_msg": "The project does not set autoCreateNetwork, which defaults to true: it gets the default network, whose firewall rules allow SSH, RDP and ICMP from anywhere. Set autoCreateNetwork: false and create a custom-mode VPC.",
	},
]

deny contains result if some result in settings.check(_specs)
