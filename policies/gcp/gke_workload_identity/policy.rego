# METADATA
# title: GKE clusters use Workload Identity Federation
# description: Without Workload Identity every pod can read the node's service account token from the Compute Engine metadata server and act with all of that account's permissions, and can read sensitive instance metadata such as the kubelet's bootstrap credentials. Workload Identity gives each Kubernetes service account its own Google identity and hides node credentials. Standard clusters have it only when workload_identity_config sets workload_pool (workloadIdentityConfig.workloadPool in Pulumi), normally "PROJECT_ID.svc.id.goog" (identity_namespace before google provider 4); the provider's default is none. Autopilot clusters always use it and are not reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#workload_identity_config
# custom:
#   id: VGL-GCP-017
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AC-6", "IA-2"]
package vigil.gcp.gke.workload_identity

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"google_container_cluster": {"config": "workload_identity_config", "pool": "workload_pool", "legacy_pool": "identity_namespace", "autopilot": "enable_autopilot"},
	"gcp:container/cluster:Cluster": {"config": "workloadIdentityConfig", "pool": "workloadPool", "legacy_pool": "identityNamespace", "autopilot": "enableAutopilot"},
}

_n := _names[input.resource.type]

_path := sprintf("/%s/%s", [_n.config, _n.pool])

_autopilot if lib.is_true(_values[_n.autopilot])

_autopilot if {
	v := _values[_n.autopilot]
	is_string(v)
	contains(v, "${")
}

# workload_pool, or identity_namespace, its name before google provider 4.
_pool_set if {
	some key in [_n.pool, _n.legacy_pool]
	pool := object.get(_values, [_n.config, key], null)
	is_string(pool)
	trim_space(pool) != ""
}

deny contains result if {
	_n
	not _autopilot
	not _pool_set
	result := {
		"msg": sprintf(
			"The cluster does not set %s.%s, so Workload Identity is off: every pod can take the node's service account token from the metadata server and act with its permissions. Set %s to \"PROJECT_ID.svc.id.goog\".",
			[_n.config, _n.pool, _n.pool],
		),
		"path": _path,
	}
}
