# METADATA
# title: Dataproc cluster nodes have only internal IP addresses
# description: With internal_ip_only set to false, every Dataproc node gets an external IP address and can be reached from the internet wherever firewall rules allow, including the YARN, HDFS and Jupyter web interfaces that Dataproc clusters commonly expose without authentication. New clusters on image 2.2 and later default to internal IPs only, so this flags only clusters whose cluster_config.gce_cluster_config sets internal_ip_only = false (clusterConfig.gceClusterConfig.internalIpOnly in Pulumi). Set it to true, use Private Google Access and Cloud NAT, and reach the web interfaces through the Component Gateway.
# related_resources:
#   - https://cloud.google.com/dataproc/docs/concepts/configuring-clusters/network#create_a_dataproc_cluster_with_internal_ip_address_only
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dataproc_cluster#internal_ip_only
# custom:
#   id: VGL-GCP-065
#   severity: medium
#   enforcement: advisory
#   resources: [google_dataproc_cluster, "gcp:dataproc/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-7"]
#     PCI-DSS-4.0: ["1.4.4"]
package vigil.gcp.dataproc.public_ip

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_dataproc_cluster", "path": "/cluster_config/gce_cluster_config/internal_ip_only",
		"good": [true], "fix": true, "fix_safety": "unsafe",
		"msg": "internal_ip_only is false: every cluster node gets an external IP address, exposing the YARN, HDFS and notebook interfaces wherever firewall rules allow. Set internal_ip_only = true and use Cloud NAT.",
	},
	{
		"type": "gcp:dataproc/cluster:Cluster", "path": "/clusterConfig/gceClusterConfig/internalIpOnly",
		"good": [true], "fix": true, "fix_safety": "unsafe",
		"msg": "internalIpOnly is false: every cluster node gets an external IP address, exposing the YARN, HDFS and notebook interfaces wherever firewall rules allow. Set internalIpOnly: true and use Cloud NAT.",
	},
]

deny contains result if some result in settings.check(_specs)
