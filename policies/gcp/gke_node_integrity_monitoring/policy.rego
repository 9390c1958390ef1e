# METADATA
# title: GKE nodes keep integrity monitoring on
# description: Integrity monitoring compares each Shielded GKE node's boot measurements with a known-good baseline and reports when they differ, which is how a bootkit or a tampered node image gets noticed. It is on by default (enable_integrity_monitoring of node_config.shielded_instance_config defaults to true, nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring in Pulumi), so only node configurations that set it to false are reported, on node pools and on the node_config and node_pool blocks of clusters. Set it to true or remove the setting.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_integrity_monitoring
# custom:
#   id: VGL-GCP-048
#   severity: low
#   enforcement: advisory
#   resources:
#     - google_container_cluster
#     - google_container_node_pool
#     - "gcp:container/cluster:Cluster"
#     - "gcp:container/nodePool:NodePool"
#   controls:
#     NIST-800-53-r5: ["SI-7"]
#   aliases: [CKV_GCP_72]
package vigil.gcp.gke.node_integrity_monitoring

import data.vigil.lib
import rego.v1

_names := {
	"google_container_cluster": {"node_config": "node_config", "pools": "node_pool", "sic": "shielded_instance_config", "attr": "enable_integrity_monitoring"},
	"google_container_node_pool": {"node_config": "node_config", "pools": null, "sic": "shielded_instance_config", "attr": "enable_integrity_monitoring"},
	"gcp:container/cluster:Cluster": {"node_config": "nodeConfig", "pools": "nodePools", "sic": "shieldedInstanceConfig", "attr": "enableIntegrityMonitoring"},
	"gcp:container/nodePool:NodePool": {"node_config": "nodeConfig", "pools": null, "sic": "shieldedInstanceConfig", "attr": "enableIntegrityMonitoring"},
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
	some sic in lib.block_entries(config.value, _n.sic, config.path)
	is_object(sic.value)
	lib.is_false(sic.value[_n.attr])
	path := sprintf("%s/%s", [sic.path, _n.attr])
	result := {
		"msg": sprintf("%s is false: the nodes' boot measurements are not checked against a baseline, so a bootkit or tampered node image goes unnoticed. Set it to true (the default).", [_n.attr]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}
