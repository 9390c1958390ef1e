# METADATA
# title: GKE clusters send monitoring data to Cloud Monitoring
# description: Without Cloud Monitoring nobody is alerted when nodes, pods or the control plane misbehave, for example under resource exhaustion or a cryptomining workload. GKE sends it by default (monitoring_service defaults to "monitoring.googleapis.com/kubernetes", monitoringService in Pulumi), so this flags clusters that set monitoring_service to "none" or that list no components in monitoring_config.enable_components. Remove the setting, or set it to "monitoring.googleapis.com/kubernetes".
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/observability
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#monitoring_service
# custom:
#   id: VGL-GCP-024
#   severity: medium
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SI-4"]
#   aliases: [CKV_GCP_8]
package vigil.gcp.gke.monitoring

import data.vigil.lib
import rego.v1

_names := {
	"google_container_cluster": {"service": "monitoring_service", "config": "monitoring_config", "components": "enable_components"},
	"gcp:container/cluster:Cluster": {"service": "monitoringService", "config": "monitoringConfig", "components": "enableComponents"},
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
		"msg": sprintf("%s is \"none\": the cluster sends no monitoring data to Google Cloud, so there is nothing to investigate an incident or notice an attack with. Set it to \"monitoring.googleapis.com/kubernetes\" (the default).", [_n.service]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "monitoring.googleapis.com/kubernetes"}],
	}
}

deny contains result if {
	_n
	some config in lib.block_entries(_values, _n.config, "")
	is_object(config.value)
	config.value[_n.components] == []
	path := sprintf("%s/%s", [config.path, _n.components])
	result := {
		"msg": sprintf("%s.%s is empty: the cluster sends no monitoring data to Google Cloud, so there is nothing to investigate an incident or notice an attack with. List the components to collect, at least SYSTEM_COMPONENTS.", [_n.config, _n.components]),
		"path": path,
	}
}
