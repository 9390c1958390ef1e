# METADATA
# title: GKE nodes keep the legacy metadata endpoints disabled
# description: The legacy Compute Engine metadata endpoints (v0.1 and v1beta1) answer requests without the Metadata-Flavor header, so a server-side request forgery in any pod can read the node's service account token and instance attributes. GKE disables them on nodes by default since version 1.12 (the disable-legacy-endpoints metadata key of node_config is true when left out), so only node configurations that set it to false are reported, on node pools and on the node_config and node_pool blocks of clusters (nodeConfig and nodePools in Pulumi). Remove the key or set it to "true" (changing node metadata recreates the nodes).
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata#disable-legacy-apis
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#metadata
# custom:
#   id: VGL-GCP-021
#   severity: high
#   enforcement: mandatory
#   resources:
#     - google_container_cluster
#     - google_container_node_pool
#     - "gcp:container/cluster:Cluster"
#     - "gcp:container/nodePool:NodePool"
#   controls:
#     NIST-800-53-r5: ["AC-3", "SC-7"]
package vigil.gcp.gke.legacy_metadata_endpoints

import data.vigil.lib
import rego.v1

_names := {
	"google_container_cluster": {"node_config": "node_config", "pools": "node_pool"},
	"google_container_node_pool": {"node_config": "node_config", "pools": null},
	"gcp:container/cluster:Cluster": {"node_config": "nodeConfig", "pools": "nodePools"},
	"gcp:container/nodePool:NodePool": {"node_config": "nodeConfig", "pools": null},
}

_n := _names[input.resource.type]

_key := "disable-legacy-endpoints"

# Every node_config: the resource's own, and those of a cluster's node pools.
_node_configs contains entry if {
	_n
	some entry in lib.block_entries(input.resource.values, _n.node_config, "")
}

_node_configs contains entry if {
	is_string(_n.pools)
	some pool in lib.block_entries(input.resource.values, _n.pools, "")
	is_object(pool.value)
	some entry in lib.block_entries(pool.value, _n.node_config, pool.path)
}

deny contains result if {
	some config in _node_configs
	is_object(config.value)
	v := config.value.metadata[_key]
	lower(trim_space(sprintf("%v", [v]))) in {"false", "0"}
	path := sprintf("%s/metadata/%s", [config.path, _key])
	result := {
		"msg": sprintf("Node metadata %s is %v: the legacy metadata endpoints answer requests without the Metadata-Flavor header, so a request forgery in any pod can read the node's credentials. Set it to \"true\" or remove it (the default).", [_key, v]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "true"}],
		"fix_safety": "unsafe",
	}
}
