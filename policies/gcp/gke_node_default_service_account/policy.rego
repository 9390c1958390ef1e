# METADATA
# title: GKE nodes do not run as the default Compute Engine service account
# description: Nodes whose node_config names no service_account run as the Compute Engine default service account, which usually holds the project-wide Editor role; every pod that can reach the node's credentials (through the metadata server without Workload Identity, or after escaping its container) then acts with that role. This flags node pools and the node_config and node_pool blocks of Standard clusters (nodeConfig and nodePools in Pulumi) that leave service_account out or name the default account, and Standard clusters whose default node pool (no node_config and no node_pool, and not removed with remove_default_node_pool) runs as it. Autopilot clusters are not reported. Create a minimal node service account (roles/container.defaultNodeServiceAccount) and set it.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#service_account
# custom:
#   id: VGL-GCP-053
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_container_cluster
#     - google_container_node_pool
#     - "gcp:container/cluster:Cluster"
#     - "gcp:container/nodePool:NodePool"
#   controls:
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["7.2.2"]
package vigil.gcp.gke.node_default_service_account

import data.vigil.lib
import rego.v1

_names := {
	"google_container_cluster": {"cluster": true, "node_config": "node_config", "pools": "node_pool", "sa": "service_account", "autopilot": "enable_autopilot", "remove": "remove_default_node_pool"},
	"google_container_node_pool": {"cluster": false, "node_config": "node_config", "sa": "service_account"},
	"gcp:container/cluster:Cluster": {"cluster": true, "node_config": "nodeConfig", "pools": "nodePools", "sa": "serviceAccount", "autopilot": "enableAutopilot", "remove": "removeDefaultNodePool"},
	"gcp:container/nodePool:NodePool": {"cluster": false, "node_config": "nodeConfig", "sa": "serviceAccount"},
}

_n := _names[input.resource.type]

_values := input.resource.values

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

_autopilot if lib.is_true(_values[_n.autopilot])

_autopilot if _unknown(_values[_n.autopilot])

_default_account(sa) if sa in {null, "", "default"}

_default_account(sa) if {
	is_string(sa)
	regex.match(`^[0-9]+-compute@developer\.gserviceaccount\.com$`, trim_space(sa))
}

# Every node_config that is written (the resource's own and those of a cluster's
# node_pool blocks), with the node pools that have none.
_node_configs contains entry if {
	not _default_pool_removed
	some entry in lib.block_entries(_values, _n.node_config, "")
	is_object(entry.value)
}

# A cluster's own node_config configures its default node pool, which
# remove_default_node_pool deletes right after creation.
_default_pool_removed if {
	_n.cluster
	lib.is_true(_values[_n.remove])
}

_default_pool_removed if {
	_n.cluster
	_unknown(_values[_n.remove])
}

_node_configs contains entry if {
	_n.cluster
	some pool in lib.block_entries(_values, _n.pools, "")
	is_object(pool.value)
	some entry in lib.block_entries(pool.value, _n.node_config, pool.path)
	is_object(entry.value)
}

# Node pools written without node_config.
_bare_pools contains sprintf("%s/%s", [pool.path, _n.node_config]) if {
	_n.cluster
	some pool in lib.block_entries(_values, _n.pools, "")
	is_object(pool.value)
	not lib.has_key(pool.value, _n.node_config)
}

_bare_pools contains sprintf("/%s", [_n.node_config]) if {
	not _n.cluster
	not lib.has_key(_values, _n.node_config)
}

# A Standard cluster whose default node pool stays and has no node_config.
_bare_pools contains sprintf("/%s", [_n.node_config]) if {
	_n.cluster
	not lib.has_key(_values, _n.node_config)
	not lib.has_key(_values, _n.pools)
	not lib.is_true(_values[_n.remove])
	not _unknown(_values[_n.remove])
}

_msg := sprintf(
	"The nodes run as the Compute Engine default service account (no %s set), which usually holds the project-wide Editor role that pods reaching the node's credentials then use. Create a minimal node service account and set %s.",
	[_n.sa, _n.sa],
)

deny contains result if {
	_n
	not _autopilot
	some config in _node_configs
	_default_account(object.get(config.value, _n.sa, null))
	result := {"msg": _msg, "path": sprintf("%s/%s", [config.path, _n.sa])}
}

deny contains result if {
	_n
	not _autopilot
	some path in _bare_pools
	result := {"msg": _msg, "path": sprintf("%s/%s", [path, _n.sa])}
}
