# METADATA
# title: GKE node pools do not expose the Compute Engine metadata server to pods
# description: With workload_metadata_config.mode set to GCE_METADATA, pods on the node reach the Compute Engine metadata server directly, so any pod can take the node's service account token and read instance attributes such as the kubelet credentials. The GKE metadata server (GKE_METADATA) hides them and serves Workload Identity tokens instead; node pools use it by default on clusters with Workload Identity. This flags node configurations that set mode GCE_METADATA (or the older node_metadata EXPOSE or UNSPECIFIED), on node pools and on the node_config and node_pool blocks of clusters (nodeConfig.workloadMetadataConfig in Pulumi). Set mode = "GKE_METADATA" and enable Workload Identity on the cluster.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#workload_metadata_config
# custom:
#   id: VGL-GCP-047
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_container_cluster
#     - google_container_node_pool
#     - "gcp:container/cluster:Cluster"
#     - "gcp:container/nodePool:NodePool"
#   controls:
#     NIST-800-53-r5: ["AC-6", "SC-7"]
package vigil.gcp.gke.metadata_server

import data.vigil.lib
import rego.v1

_names := {
	"google_container_cluster": {"node_config": "node_config", "pools": "node_pool", "wmc": "workload_metadata_config", "legacy": "node_metadata"},
	"google_container_node_pool": {"node_config": "node_config", "pools": null, "wmc": "workload_metadata_config", "legacy": "node_metadata"},
	"gcp:container/cluster:Cluster": {"node_config": "nodeConfig", "pools": "nodePools", "wmc": "workloadMetadataConfig", "legacy": "nodeMetadata"},
	"gcp:container/nodePool:NodePool": {"node_config": "nodeConfig", "pools": null, "wmc": "workloadMetadataConfig", "legacy": "nodeMetadata"},
}

_n := _names[input.resource.type]

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
	some wmc in lib.block_entries(config.value, _n.wmc, config.path)
	is_object(wmc.value)
	mode := wmc.value.mode
	mode == "GCE_METADATA"
	path := sprintf("%s/mode", [wmc.path])
	result := {
		"msg": "workload_metadata_config.mode is GCE_METADATA: every pod on these nodes can take the node's service account token from the Compute Engine metadata server. Set mode = \"GKE_METADATA\" and enable Workload Identity on the cluster.",
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "GKE_METADATA"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	some config in _node_configs
	is_object(config.value)
	some wmc in lib.block_entries(config.value, _n.wmc, config.path)
	is_object(wmc.value)
	legacy := wmc.value[_n.legacy]
	legacy in {"EXPOSE", "UNSPECIFIED"}
	result := {
		"msg": sprintf("workload_metadata_config.%s is %s: pods on these nodes reach the Compute Engine metadata server and can take the node's service account token. Use mode = \"GKE_METADATA\" with Workload Identity.", [_n.legacy, legacy]),
		"path": sprintf("%s/%s", [wmc.path, _n.legacy]),
	}
}
