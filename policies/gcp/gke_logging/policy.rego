# METADATA
# title: GKE clusters send logging data to Cloud Logging
# description: Without Cloud Logging the cluster's system and workload logs (and the control plane's) stay on the nodes and are lost when nodes are replaced, so there is no record to investigate an incident with. GKE sends it by default (logging_service defaults to "logging.googleapis.com/kubernetes", loggingService in Pulumi), so this flags clusters that set logging_service to "none" or that list no components in logging_config.enable_components. Remove the setting, or set it to "logging.googleapis.com/kubernetes".
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/observability
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#logging_service
# custom:
#   id: VGL-GCP-023
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_GCP_1]
package vigil.gcp.gke.logging

import data.vigil.lib
import rego.v1

_names := {
	"google_container_cluster": {"service": "logging_service", "config": "logging_config", "components": "enable_components"},
	"gcp:container/cluster:Cluster": {"service": "loggingService", "config": "loggingConfig", "components": "enableComponents"},
}

_n := _names[input.resource.type]

_values := input.resource.values

deny contains result if {
	_n
	v := _values[_n.service]
	is_string(v)
	lower(trim_space(v)) == "none"
	path := sprintf("/%s", [_n.service])
	result := {
		"msg": sprintf("%s is \"none\": the cluster sends no logging data to Google Cloud, so there is nothing to investigate an incident or notice an attack with. Set it to \"logging.googleapis.com/kubernetes\" (the default).", [_n.service]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "logging.googleapis.com/kubernetes"}],
	}
}

deny contains result if {
	_n
	some config in lib.block_entries(_values, _n.config, "")
	is_object(config.value)
	config.value[_n.components] == []
	path := sprintf("%s/%s", [config.path, _n.components])
	result := {
		"msg": sprintf("%s.%s is empty: the cluster sends no logging data to Google Cloud, so there is nothing to investigate an incident or notice an attack with. List the components to collect, at least SYSTEM_COMPONENTS.", [_n.config, _n.components]),
		"path": path,
	}
}
