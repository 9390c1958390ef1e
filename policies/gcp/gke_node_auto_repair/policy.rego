# METADATA
# title: GKE node pools repair unhealthy nodes automatically
# description: With auto-repair GKE recreates nodes that fail health checks (NotReady, out of disk, broken kubelet), so capacity and the security agents that run on nodes come back without manual work; without it a broken node stays broken until someone notices. Auto-repair is on by default (management.auto_repair defaults to true in the google provider, management.autoRepair in Pulumi), so only node pools, and node_pool blocks of clusters, that set it to false are reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-repair
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-upgrades
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool#management
# custom:
#   id: VGL-GCP-019
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_container_node_pool
#     - google_container_cluster
#     - "gcp:container/nodePool:NodePool"
#     - "gcp:container/cluster:Cluster"
#   controls:
#     NIST-800-53-r5: ["CP-10", "SI-2"]
#   aliases: [CKV_GCP_9]
package vigil.gcp.gke.node_auto_repair

import data.vigil.lib
import rego.v1

_names := {
	"google_container_node_pool": {"attr": "auto_repair", "pools": null},
	"google_container_cluster": {"attr": "auto_repair", "pools": "node_pool"},
	"gcp:container/nodePool:NodePool": {"attr": "autoRepair", "pools": null},
	"gcp:container/cluster:Cluster": {"attr": "autoRepair", "pools": "nodePools"},
}

_n := _names[input.resource.type]

# The node pools: the resource itself, or the node_pool blocks of a cluster.
_pools contains {"path": "", "value": input.resource.values} if _n.pools == null

_pools contains entry if {
	is_string(_n.pools)
	some entry in lib.block_entries(input.resource.values, _n.pools, "")
	is_object(entry.value)
}

deny contains result if {
	some pool in _pools
	some management in lib.block_entries(pool.value, "management", pool.path)
	is_object(management.value)
	lib.is_false(management.value[_n.attr])
	path := sprintf("%s/%s", [management.path, _n.attr])
	result := {
		"msg": sprintf("management.%s is false: nodes that fail health checks stay broken until someone repairs them by hand. Set %s to true (the default).", [_n.attr, _n.attr]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
	}
}
