# METADATA
# title: GKE clusters do not use basic authentication
# description: Basic authentication gives the cluster a static username and password with cluster-admin rights, sent with every request, that cannot be tied to a person or revoked without changing them, and that sit in the configuration and the state. GKE removed it in version 1.19 and the google provider 4 dropped the arguments, but older configurations still set master_auth.username and password (masterAuth in Pulumi). This flags a non-empty username or password there; empty strings, the old way of turning it off, are fine. Remove them and authenticate with Google identities.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication#legacy-auth
#   - https://registry.terraform.io/providers/hashicorp/google/3.90.1/docs/resources/container_cluster#master_auth
# custom:
#   id: VGL-GCP-064
#   severity: high
#   enforcement: mandatory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["IA-2", "IA-5"]
#     PCI-DSS-4.0: ["8.3.1"]
#   aliases: [CKV_GCP_19]
package vigil.gcp.gke.basic_auth

import data.vigil.lib
import rego.v1

_block := "masterAuth" if input.resource.source == "pulumi"

_block := "master_auth" if input.resource.source != "pulumi"

deny contains result if {
	input.resource.type in {"google_container_cluster", "gcp:container/cluster:Cluster"}
	some auth in lib.block_entries(input.resource.values, _block, "")
	is_object(auth.value)
	some key in ["username", "password"]
	v := auth.value[key]
	is_string(v)
	v != ""
	path := sprintf("%s/%s", [auth.path, key])
	result := {
		"msg": sprintf("%s.%s is set, so the cluster accepts a static cluster-admin username and password that cannot be tied to a person or revoked. Remove username and password and authenticate with Google identities.", [_block, key]),
		"path": path,
	}
}
