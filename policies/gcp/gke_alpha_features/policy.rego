# METADATA
# title: GKE clusters do not enable Kubernetes alpha features
# description: Alpha clusters turn on every Kubernetes alpha API and feature, which are not production-ready, may have security defects, are not covered by the GKE SLA and cannot be upgraded; GKE deletes them after 30 days. enable_kubernetes_alpha defaults to false (enableKubernetesAlpha in Pulumi), so only clusters that set it to true are reported. Use a regular cluster, and beta APIs where a feature is needed.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/alpha-clusters
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_kubernetes_alpha
# custom:
#   id: VGL-GCP-050
#   severity: low
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["CM-7", "SA-22"]
package vigil.gcp.gke.alpha_features

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_container_cluster", "path": "/enable_kubernetes_alpha", "good": [false],
		"msg": "enable_kubernetes_alpha is true: every alpha API and feature is on, unsupported, unpatched by upgrades, and the cluster is deleted after 30 days. Use a regular cluster.",
	},
	{
		"type": "gcp:container/cluster:Cluster", "path": "/enableKubernetesAlpha", "good": [false],
		"msg": "enableKubernetesAlpha is true: every alpha API and feature is on, unsupported, unpatched by upgrades, and the cluster is deleted after 30 days. Use a regular cluster.",
	},
]

deny contains result if some result in settings.check(_specs)
