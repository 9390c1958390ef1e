# METADATA
# title: Cloud DNS server policies log queries
# description: DNS query logs show which names the VMs and workloads of a network resolve, which is how malware beaconing, DNS tunnelling and data exfiltration through DNS are found after the fact. Cloud DNS logs queries for a VPC network only when a DNS server policy attached to it sets enable_logging (enableLogging in Pulumi; the default is false), so this flags google_dns_policy resources that leave it out or set it to false. Set enable_logging = true. Networks with no DNS policy at all are not detected by this check.
# related_resources:
#   - https://cloud.google.com/dns/docs/monitoring
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dns_policy#enable_logging
# custom:
#   id: VGL-GCP-059
#   severity: low
#   enforcement: remediate
#   resources: [google_dns_policy, "gcp:dns/policy:Policy"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["2.12"]
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
package vigil.gcp.dns.policy_logging

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_dns_policy", "path": "/enable_logging", "good": [true], "missing": true, "fix": true,
		"msg": "enable_logging is false: the networks this policy applies to keep no record of DNS queries, so DNS tunnelling or malware beaconing goes unseen. Set enable_logging = true.",
		"missing_msg": "The DNS policy does not set enable_logging, which defaults to false: the networks it applies to keep no record of DNS queries, so DNS tunnelling or malware beaconing goes unseen. Set enable_logging = true.",
	},
	{
		"type": "gcp:dns/policy:Policy", "path": "/enableLogging", "good": [true], "missing": true, "fix": true,
		"msg": "enableLogging is false: the networks this policy applies to keep no record of DNS queries, so DNS tunnelling or malware beaconing goes unseen. Set enableLogging: true.",
		"missing_msg": "The DNS policy does not set enableLogging, which defaults to false: the networks it applies to keep no record of DNS queries, so DNS tunnelling or malware beaconing goes unseen. Set enableLogging: true.",
	},
]

deny contains result if some result in settings.check(_specs)
