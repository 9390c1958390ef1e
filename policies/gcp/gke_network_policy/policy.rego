# METADATA
# title: GKE clusters enforce Kubernetes network policies
# description: Without network policy enforcement every pod can open connections to every other pod and service in the cluster, so one compromised workload can reach databases, internal APIs and the metadata of other tenants. NetworkPolicy objects are only enforced when the cluster has Calico network policy (network_policy { enabled = true }) or GKE Dataplane V2 (datapath_provider = "ADVANCED_DATAPATH", which enforces it natively). Neither is on by default for Standard clusters; Autopilot clusters always use Dataplane V2. This flags Standard clusters with neither (networkPolicy, datapathProvider and enableAutopilot in Pulumi). Prefer Dataplane V2 for new clusters.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#network_policy
# custom:
#   id: VGL-GCP-016
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#   aliases: [CKV_GCP_12]
package vigil.gcp.gke.network_policy

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"google_container_cluster": {"policy": "network_policy", "datapath": "datapath_provider", "autopilot": "enable_autopilot"},
	"gcp:container/cluster:Cluster": {"policy": "networkPolicy", "datapath": "datapathProvider", "autopilot": "enableAutopilot"},
}

_n := _names[input.resource.type]

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

# Dataplane V2 or Autopilot (or a value that may be either) enforces network policy.
_enforced_otherwise if _values[_n.datapath] == "ADVANCED_DATAPATH"

_enforced_otherwise if _unknown(_values[_n.datapath])

_enforced_otherwise if lib.is_true(_values[_n.autopilot])

_enforced_otherwise if _unknown(_values[_n.autopilot])

_path := sprintf("/%s/enabled", [_n.policy])

deny contains result if {
	_n
	not _enforced_otherwise
	not lib.has_key(_values, _n.policy)
	result := {
		"msg": sprintf(
			"The cluster enforces no network policy (no %s and no Dataplane V2), so every pod can reach every other pod and service. Use Dataplane V2 (%s = \"ADVANCED_DATAPATH\") or enable %s.",
			[_n.policy, _n.datapath, _n.policy],
		),
		"path": _path,
	}
}

deny contains result if {
	_n
	not _enforced_otherwise
	policy := _values[_n.policy]
	is_object(policy)
	not lib.is_true(policy.enabled)
	not _unknown(policy.enabled)
	result := {
		"msg": sprintf(
			"%s is not enabled and the cluster does not use Dataplane V2, so NetworkPolicy objects are not enforced and every pod can reach every other pod. Set enabled to true, or use Dataplane V2 (%s = \"ADVANCED_DATAPATH\").",
			[_n.policy, _n.datapath],
		),
		"path": _path,
	}
}
