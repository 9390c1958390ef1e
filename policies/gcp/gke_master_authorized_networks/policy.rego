# METADATA
# title: GKE control planes accept connections only from authorized networks
# description: Without authorized networks the public endpoint of a cluster's control plane accepts connections from any address, so the Kubernetes API is exposed to scanning, credential guessing and any vulnerability of the API server. The google provider leaves authorized networks off when master_authorized_networks_config is omitted (masterAuthorizedNetworksConfig in Pulumi). This flags clusters that omit the block, unless the public endpoint is disabled (private_cluster_config.enable_private_endpoint = true, or control_plane_endpoints_config.ip_endpoints_config.enabled = false), and authorized CIDR blocks of 0.0.0.0/0. Add the block with the ranges of your offices, VPN and CI runners (an empty block allows no external address).
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#master_authorized_networks_config
# custom:
#   id: VGL-GCP-014
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_GCP_20]
package vigil.gcp.gke.master_authorized_networks

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"google_container_cluster": {
		"config": "master_authorized_networks_config",
		"cidr_blocks": "cidr_blocks",
		"cidr_block": "cidr_block",
		"private": ["private_cluster_config", "enable_private_endpoint"],
		"ip_endpoint": ["control_plane_endpoints_config", "ip_endpoints_config", "enabled"],
	},
	"gcp:container/cluster:Cluster": {
		"config": "masterAuthorizedNetworksConfig",
		"cidr_blocks": "cidrBlocks",
		"cidr_block": "cidrBlock",
		"private": ["privateClusterConfig", "enablePrivateEndpoint"],
		"ip_endpoint": ["controlPlaneEndpointsConfig", "ipEndpointsConfig", "enabled"],
	},
}

_n := _names[input.resource.type]

# The public endpoint is disabled, or may be (an unknown value is not counted as on).
_no_public_endpoint if lib.is_true(object.get(_values, _n.private, null))

_no_public_endpoint if lib.is_false(object.get(_values, _n.ip_endpoint, null))

_no_public_endpoint if _unknown(object.get(_values, _n.private, null))

_no_public_endpoint if _unknown(object.get(_values, _n.ip_endpoint, null))

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

deny contains result if {
	_n
	not lib.has_key(_values, _n.config)
	not _no_public_endpoint
	result := {
		"msg": sprintf(
			"The cluster has no %s, so its control plane's public endpoint accepts connections from any address. Add %s with the CIDR blocks that need the Kubernetes API, or disable the public endpoint.",
			[_n.config, _n.config],
		),
		"path": sprintf("/%s", [_n.config]),
	}
}

deny contains result if {
	_n
	some config in lib.block_entries(_values, _n.config, "")
	is_object(config.value)
	some block in lib.block_entries(config.value, _n.cidr_blocks, config.path)
	is_object(block.value)
	cidr := block.value[_n.cidr_block]
	is_string(cidr)
	trim_space(cidr) in {"0.0.0.0/0", "::/0"}
	result := {
		"msg": sprintf(
			"The control plane's authorized networks include %s, which lets any address reach the Kubernetes API. Authorize only the ranges of your offices, VPN and CI runners.",
			[trim_space(cidr)],
		),
		"path": sprintf("%s/%s", [block.path, _n.cidr_block]),
	}
}
