# METADATA
# title: Cloud DNS DNSSEC keys do not use RSASHA1
# description: RSASHA1 signs with SHA-1, whose collision resistance is broken, and current guidance is to stop using it for DNSSEC; several validators already treat it as insecure, which can make the zone fail validation. Cloud DNS uses RSASHA256 when no key specs are given, so this flags only default_key_specs of dnssec_config (dnssecConfig.defaultKeySpecs in Pulumi) whose algorithm is rsasha1, for key-signing and zone-signing keys alike. Use rsasha256, rsasha512 or ecdsap256sha256 (changing the algorithm of a signed zone needs a key rollover).
# related_resources:
#   - https://cloud.google.com/dns/docs/dnssec-advanced#algorithms
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dns_managed_zone#default_key_specs
# custom:
#   id: VGL-GCP-038
#   severity: medium
#   enforcement: advisory
#   resources: [google_dns_managed_zone, "gcp:dns/managedZone:ManagedZone"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["3.4", "3.5"]
#     NIST-800-53-r5: ["SC-13", "SC-20"]
#   aliases: [CKV_GCP_17]
package vigil.gcp.dns.dnssec_rsasha1

import data.vigil.lib
import rego.v1

_names := {
	"google_dns_managed_zone": {"config": "dnssec_config", "specs": "default_key_specs", "key_type": "key_type"},
	"gcp:dns/managedZone:ManagedZone": {"config": "dnssecConfig", "specs": "defaultKeySpecs", "key_type": "keyType"},
}

_n := _names[input.resource.type]

_key_label(spec) := "key-signing key" if spec[_n.key_type] == "keySigning"

_key_label(spec) := "zone-signing key" if spec[_n.key_type] == "zoneSigning"

_key_label(spec) := "key" if not spec[_n.key_type] in {"keySigning", "zoneSigning"}

deny contains result if {
	some config in lib.block_entries(input.resource.values, _n.config, "")
	is_object(config.value)
	some spec in lib.block_entries(config.value, _n.specs, config.path)
	is_object(spec.value)
	algorithm := spec.value.algorithm
	is_string(algorithm)
	lower(trim_space(algorithm)) == "rsasha1"
	path := sprintf("%s/algorithm", [spec.path])
	result := {
		"msg": sprintf("The DNSSEC %s uses rsasha1, which relies on SHA-1 and is deprecated for DNSSEC; validators may treat the zone as insecure. Use rsasha256 (with a key rollover for a signed zone).", [_key_label(spec.value)]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "rsasha256"}],
		"fix_safety": "unsafe",
	}
}
