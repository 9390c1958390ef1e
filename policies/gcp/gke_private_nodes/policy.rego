# METADATA
# title: GKE nodes have only private IP addresses
# description: Nodes with external IP addresses can be reached from the internet wherever firewall rules allow (NodePort services, the kubelet and anything else listening on them), and they reach the internet directly. With private nodes they have internal addresses only and use Cloud NAT for outbound traffic. enable_private_nodes of private_cluster_config defaults to false (privateClusterConfig.enablePrivateNodes in Pulumi), so clusters that omit it or set it to false are reported. Set enable_private_nodes = true when the cluster is created (changing it later recreates the cluster on older GKE versions).
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_private_nodes
# custom:
#   id: VGL-GCP-015
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-7"]
#     PCI-DSS-4.0: ["1.4.4"]
#   aliases: [CKV_GCP_64]
package vigil.gcp.gke.private_nodes

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_container_cluster", "path": "/private_cluster_config/enable_private_nodes",
		"good": [true], "missing": true,
		"msg": "private_cluster_config.enable_private_nodes is {value}: the nodes get external IP addresses and can be reached from the internet wherever firewall rules allow. Set enable_private_nodes = true and use Cloud NAT for outbound traffic.",
		"missing_msg": "The cluster does not set private_cluster_config.enable_private_nodes, which defaults to false: the nodes get external IP addresses and can be reached from the internet wherever firewall rules allow. Set enable_private_nodes = true and use Cloud NAT for outbound traffic.",
	},
	{
		"type": "gcp:container/cluster:Cluster", "path": "/privateClusterConfig/enablePrivateNodes",
		"good": [true], "missing": true,
		"msg": "privateClusterConfig.enablePrivateNodes is {value}: the nodes get external IP addresses and can be reached from the internet wherever firewall rules allow. Set enablePrivateNodes: true and use Cloud NAT for outbound traffic.",
		"missing_msg": "The cluster does not set privateClusterConfig.enablePrivateNodes, which defaults to false: the nodes get external IP addresses and can be reached from the internet wherever firewall rules allow. Set enablePrivateNodes: true and use Cloud NAT for outbound traffic.",
	},
]

deny contains result if some result in settings.check(_specs)
