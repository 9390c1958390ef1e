# METADATA
# title: Cloud SQL instances have no public IP address
# description: An instance with a public IPv4 address can be reached from the internet by any authorized network and is a target for scanning and credential guessing; with private IP only, it is reachable only from the VPC (and through the Cloud SQL Auth Proxy from where the VPC allows). The google provider gives instances a public IP unless settings.ip_configuration.ipv4_enabled is false (settings.ipConfiguration.ipv4Enabled in Pulumi; the default is true), so this flags instances that leave it out or set it to true. Configure private_network and set ipv4_enabled = false. Authorized networks of 0.0.0.0/0 are reported separately by VGL-GCP-004.
# related_resources:
#   - https://cloud.google.com/sql/docs/postgres/configure-private-ip
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#ipv4_enabled
# custom:
#   id: VGL-GCP-044
#   severity: medium
#   enforcement: advisory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.6"]
#     NIST-800-53-r5: ["SC-7"]
#     PCI-DSS-4.0: ["1.4.4"]
#   aliases: [CKV_GCP_60]
package vigil.gcp.sql.no_public_ip

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_sql_database_instance", "path": "/settings/ip_configuration/ipv4_enabled",
		"good": [false], "missing": true,
		"msg": "settings.ip_configuration.ipv4_enabled is true: the instance has a public IP address reachable from the internet. Configure private_network and set ipv4_enabled = false.",
		"missing_msg": "The instance does not set settings.ip_configuration.ipv4_enabled, which defaults to true: it has a public IP address reachable from the internet. Configure private_network and set ipv4_enabled = false.",
	},
	{
		"type": "gcp:sql/databaseInstance:DatabaseInstance", "path": "/settings/ipConfiguration/ipv4Enabled",
		"good": [false], "missing": true,
		"msg": "settings.ipConfiguration.ipv4Enabled is true: the instance has a public IP address reachable from the internet. Configure privateNetwork and set ipv4Enabled: false.",
		"missing_msg": "The instance does not set settings.ipConfiguration.ipv4Enabled, which defaults to true: it has a public IP address reachable from the internet. Configure privateNetwork and set ipv4Enabled: false.",
	},
]

deny contains result if some result in settings.check(_specs)
