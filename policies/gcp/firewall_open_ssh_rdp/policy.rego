# METADATA
# title: Firewall rules do not open SSH or RDP to the internet
# description: An ingress firewall rule that allows TCP port 22 or 3389 from 0.0.0.0/0 or ::/0 exposes SSH or RDP on every targeted instance to the whole internet, where both are scanned and brute-forced constantly. This checks enabled google_compute_firewall rules (Pulumi gcp:compute:Firewall, with allows and sourceRanges) whose direction is INGRESS (the default) and whose allow blocks cover those ports (protocol tcp or all; a tcp block without ports allows every port; ranges such as "20-25" count). Rules of higher priority that might deny the same traffic are not taken into account. Limit source_ranges to known address ranges, or reach instances through Identity-Aware Proxy TCP forwarding (35.235.240.0/20), OS Login and a bastion, or a VPN.
# related_resources:
#   - https://cloud.google.com/firewall/docs/firewalls
#   - https://cloud.google.com/iap/docs/using-tcp-forwarding
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall
# custom:
#   id: VGL-GCP-003
#   severity: high
#   enforcement: mandatory
#   resources: [google_compute_firewall, "gcp:compute/firewall:Firewall"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["3.6", "3.7"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_GCP_2, CKV_GCP_3]
package vigil.gcp.compute.firewall_open_ssh_rdp

import data.vigil.lib
import rego.v1

_values := input.resource.values

# Attribute names: Terraform, and Pulumi's lowerCamelCase (a repeated block is a list
# under the plural name).
_names := {
	"google_compute_firewall": {"allow": "allow", "source_ranges": "source_ranges"},
	"gcp:compute/firewall:Firewall": {"allow": "allows", "source_ranges": "sourceRanges"},
}

_n := _names[input.resource.type]

# The remote-administration ports this policy protects.
_services := {22: "SSH", 3389: "RDP"}

_anywhere := {"0.0.0.0/0", "::/0"}

_norm(x) := lower(trim_space(x)) if is_string(x)

_norm(x) := format_int(x, 10) if is_number(x)

# ---------------------------------------------------------------------------
# The rule applies: ingress (the default direction) and not disabled. Unknown values
# never match.

_ingress if not _set(_values, "direction")

_ingress if _norm(_values.direction) == "ingress"

_enabled if not _set(_values, "disabled")

_enabled if lib.is_false(_values.disabled)

_set(obj, key) if {
	lib.has_key(obj, key)
	obj[key] != null
}

# ---------------------------------------------------------------------------
# Which protected ports an allow block opens.

# "all" covers every protocol and port.
_opens(allow, _) if _norm(allow.protocol) == "all"

# TCP ("tcp" or protocol number 6) without ports: every port.
_opens(allow, _) if {
	_tcp(allow.protocol)
	not _has_ports(allow)
}

_opens(allow, port) if {
	_tcp(allow.protocol)
	is_array(allow.ports)
	some spec in allow.ports
	_covers(_spec(spec), port)
}

_tcp(p) if _norm(p) in {"tcp", "6"}

_has_ports(allow) if {
	_set(allow, "ports")
	allow.ports != []
}

_spec(v) := trim_space(v) if is_string(v)

_spec(v) := format_int(v, 10) if is_number(v)

_covers(spec, port) if {
	regex.match(`^[0-9]+$`, spec)
	to_number(spec) == port
}

_covers(spec, port) if {
	m := regex.find_all_string_submatch_n(`^([0-9]+)\s*-\s*([0-9]+)$`, spec, 1)
	count(m) == 1
	to_number(m[0][1]) <= port
	to_number(m[0][2]) >= port
}

_exposed := sort({port |
	some port, _ in _services
	some block in lib.block_entries(_values, _n.allow, "")
	is_object(block.value)
	_opens(block.value, port)
})

# ---------------------------------------------------------------------------

_label := sprintf("Firewall rule \"%s\"", [_values.name]) if _named

_label := "The firewall rule" if not _named

_named if {
	is_string(_values.name)
	_values.name != ""
	not contains(_values.name, "${")
}

deny contains result if {
	_n
	_ingress
	_enabled
	ports := _exposed
	count(ports) > 0
	ranges := _values[_n.source_ranges]
	is_array(ranges)
	some i, cidr in ranges
	_norm(cidr) in _anywhere
	result := {
		"msg": sprintf(
			"%s allows ingress from %s to %s: anyone on the internet can connect to the targeted instances, and these ports are scanned and brute-forced constantly. Limit %s to known address ranges, or use Identity-Aware Proxy TCP forwarding, a bastion or a VPN.",
			[_label, trim_space(cidr), concat(" and ", [sprintf("%s (TCP %d)", [_services[p], p]) | some p in ports]), _n.source_ranges],
		),
		"path": sprintf("/%s/%d", [_n.source_ranges, i]),
	}
}
