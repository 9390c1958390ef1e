# METADATA
# title: Public Cloud DNS zones are signed with DNSSEC
# description: Without DNSSEC, resolvers cannot tell a genuine answer for the zone from a forged one, so cache poisoning and on-path attackers can send users and services to hosts they control. Cloud DNS leaves public zones unsigned unless dnssec_config.state is "on" (dnssecConfig.state in Pulumi; the default is off), so this flags public zones (visibility "public", the default) that leave it out or set it to "off". Private zones are not reported. Turn DNSSEC on and publish the DS record at the registrar.
# related_resources:
#   - https://cloud.google.com/dns/docs/dnssec-config
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dns_managed_zone#dnssec_config
# custom:
#   id: VGL-GCP-037
#   severity: medium
#   enforcement: advisory
#   resources: [google_dns_managed_zone, "gcp:dns/managedZone:ManagedZone"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["3.3"]
#     NIST-800-53-r5: ["SC-20"]
#   aliases: [CKV_GCP_16]
package vigil.gcp.dns.dnssec

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_dns_managed_zone", "path": "/dnssec_config/state",
		"good": ["on", "transfer"], "missing": true, "fix": "on", "fix_safety": "unsafe",
		"msg": "dnssec_config.state is \"{value}\": resolvers cannot tell genuine answers for this public zone from forged ones. Set state = \"on\" and publish the DS record at the registrar.",
		"missing_msg": "The public zone has no dnssec_config with state = \"on\", and DNSSEC is off by default: resolvers cannot tell genuine answers from forged ones. Add dnssec_config { state = \"on\" } and publish the DS record at the registrar.",
	},
	{
		"type": "gcp:dns/managedZone:ManagedZone", "path": "/dnssecConfig/state",
		"good": ["on", "transfer"], "missing": true, "fix": "on", "fix_safety": "unsafe",
		"msg": "dnssecConfig.state is \"{value}\": resolvers cannot tell genuine answers for this public zone from forged ones. Set state: on and publish the DS record at the registrar.",
		"missing_msg": "The public zone has no dnssecConfig with state: on, and DNSSEC is off by default: resolvers cannot tell genuine answers from forged ones. Add dnssecConfig.state: on and publish the DS record at the registrar.",
	},
]

# Public zones only (the default visibility); an unknown visibility is not counted.
_public if object.get(input.resource.values, "visibility", null) == null

_public if lower(input.resource.values.visibility) == "public"

deny contains result if {
	_public
	some result in settings.check(_specs)
}
