# METADATA
# title: GKE clusters do not use legacy ABAC authorization
# description: Legacy attribute-based access control grants broad, static permissions that Kubernetes RBAC cannot restrict, and on clusters that have it every RBAC decision can be bypassed by those grants. It is off by default (enable_legacy_abac defaults to false, enableLegacyAbac in Pulumi), so only clusters that set it to true are reported. Set it to false and grant access with RBAC roles and bindings.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled_default_for_110
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_legacy_abac
# custom:
#   id: VGL-GCP-013
#   severity: high
#   enforcement: mandatory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["7.2.1"]
#   aliases: [CKV_GCP_7]
package vigil.gcp.gke.legacy_abac

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_container_cluster", "path": "/enable_legacy_abac", "good": [false],
		"fix": false, "fix_safety": "unsafe",
		"msg": "enable_legacy_abac is true: legacy ABAC grants broad static permissions that RBAC cannot restrict. Set enable_legacy_abac = false and grant access with RBAC roles.",
	},
	{
		"type": "gcp:container/cluster:Cluster", "path": "/enableLegacyAbac", "good": [false],
		"fix": false, "fix_safety": "unsafe",
		"msg": "enableLegacyAbac is true: legacy ABAC grants broad static permissions that RBAC cannot restrict. Set enableLegacyAbac: false and grant access with RBAC roles.",
	},
]

deny contains result if some result in settings.check(_specs)
