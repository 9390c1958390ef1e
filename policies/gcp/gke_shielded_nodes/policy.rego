# METADATA
# title: GKE clusters keep Shielded GKE Nodes on
# description: Shielded GKE Nodes give every node a verifiable identity and integrity (Shielded VM with a vTPM), so an attacker who takes over a pod cannot impersonate a node by stealing its bootstrap credentials and joining a rogue node to the cluster. They are on by default since GKE 1.18 (enable_shielded_nodes defaults to true, enableShieldedNodes in Pulumi), so only clusters that set it to false are reported. Set it to true, or remove the setting.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_shielded_nodes
# custom:
#   id: VGL-GCP-018
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["IA-3", "SI-7"]
#   aliases: [CKV_GCP_71]
package vigil.gcp.gke.shielded_nodes

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_container_cluster", "path": "/enable_shielded_nodes", "good": [true],
		"fix": true, "fix_safety": "unsafe",
		"msg": "enable_shielded_nodes is false: nodes have no verifiable identity, so stolen bootstrap credentials can join a rogue node to the cluster. Set enable_shielded_nodes = true (the default).",
	},
	{
		"type": "gcp:container/cluster:Cluster", "path": "/enableShieldedNodes", "good": [true],
		"fix": true, "fix_safety": "unsafe",
		"msg": "enableShieldedNodes is false: nodes have no verifiable identity, so stolen bootstrap credentials can join a rogue node to the cluster. Set enableShieldedNodes: true (the default).",
	},
]

deny contains result if some result in settings.check(_specs)
