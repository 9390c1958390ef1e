# METADATA
# title: GKE node pools upgrade automatically
# description: Auto-upgrade keeps node versions in step with the control plane and brings in Kubernetes and node OS security patches as GKE releases them; node pools that do not upgrade fall behind on fixes for known vulnerabilities and eventually out of the supported version skew. Auto-upgrade is on by default (management.auto_upgrade defaults to true in the google provider, management.autoUpgrade in Pulumi, and release channels require it), so only node pools, and node_pool blocks of clusters, that set it to false are reported. Use maintenance windows and exclusions to control when upgrades happen.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-repair
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-upgrades
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool#management
# custom:
#   id: VGL-GCP-020
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_container_node_pool
#     - google_container_cluster
#     - "gcp:container/nodePool:NodePool"
#     - "gcp:container/cluster:Cluster"
#   controls:
#     NIST-800-53-r5: ["SI-2"]
#   aliases: [CKV_GCP_10]
package vigil.gcp.gke.node_auto_upgrade

import data.vigil.lib
import rego.v1

_names := {
	"google_container_node_pool": {"attr": "auto_upgrade", "pools": null},
	"google_container_cluster": {"attr": "auto_upgrade", "pools": "node_pool"},
	"gcp:container/nodePool:NodePool": {"attr": "autoUpgrade", "pools": null},
	"gcp:container/cluster:Cluster": {"attr": "autoUpgrade", "pools": "nodePools"},
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
		"msg": sprintf("management.%s is false: the nodes miss Kubernetes and OS security patches until someone upgrades them by hand. Set %s to true (the default).", [_n.attr, _n.attr]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}
