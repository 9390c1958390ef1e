# METADATA
# title: GKE clusters do not issue client certificates
# description: A legacy client certificate is a long-lived credential with cluster-admin rights that cannot be revoked short of rotating the cluster's credentials, and anyone who reads it from Terraform state or the API has full control of the cluster. GKE issues none by default (issue_client_certificate of master_auth.client_certificate_config defaults to false, masterAuth.clientCertificateConfig.issueClientCertificate in Pulumi), so only clusters that set it to true are reported. Authenticate with Google identities (gcloud credentials or Workload Identity) instead.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication#legacy-auth
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#client_certificate_config
# custom:
#   id: VGL-GCP-022
#   severity: high
#   enforcement: mandatory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["IA-5", "AC-2"]
#   aliases: [CKV_GCP_13]
package vigil.gcp.gke.client_certificate

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_container_cluster", "path": "/master_auth/client_certificate_config/issue_client_certificate",
		"good": [false], "fix": false, "fix_safety": "unsafe",
		"msg": "issue_client_certificate is true: the cluster issues a long-lived, unrevocable client certificate with cluster-admin rights, readable from state and the API. Set it to false and authenticate with Google identities.",
	},
	{
		"type": "gcp:container/cluster:Cluster", "path": "/masterAuth/clientCertificateConfig/issueClientCertificate",
		"good": [false], "fix": false, "fix_safety": "unsafe",
		"msg": "issueClientCertificate is true: the cluster issues a long-lived, unrevocable client certificate with cluster-admin rights, readable from state and the API. Set it to false and authenticate with Google identities.",
	},
]

deny contains result if some result in settings.check(_specs)
