# METADATA
# title: Firewall rules do not open ports other than web ports to the internet
# description: An ingress rule from 0.0.0.0/0 or ::/0 exposes every port it allows on the targeted instances to anyone on the internet, including databases, caches, admin consoles and debugging endpoints that were never meant to be public. This checks enabled google_compute_firewall rules (gcp:compute:Firewall in Pulumi) whose direction is INGRESS (the default) and which allow from anywhere a protocol with ports (tcp, udp, sctp, or all) on ports other than 80 and 443; a protocol without ports, or all, opens every port. SSH (TCP 22) and RDP (TCP 3389) alone are left to VGL-GCP-003. Limit source_ranges to known ranges, or put public services behind a load balancer.
# related_resources:
#   - https://cloud.google.com/firewall/docs/firewalls
#   - https://cloud.google.com/firewall/docs/using-firewalls
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall
# custom:
#   id: VGL-GCP-012
#   severity: high
#   enforcement: mandatory
#   resources: [google_compute_firewall, "gcp:compute/firewall:Firewall"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [GCP-0027]
package vigil.gcp.compute.firewall_open_any_port

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"google_compute_firewall": {"allow": "allow", "source_ranges": "source_ranges"},
	"gcp:compute/firewall:Firewall": {"allow": "allows", "source_ranges": "sourceRanges"},
}

_n := _names[input.resource.type]

_anywhere := {"0.0.0.0/0", "::/0"}

_norm(x) := lower(trim_space(x)) if is_string(x)

_norm(x) := format_int(x, 10) if is_number(x)

_set(obj, key) if {
	lib.has_key(obj, key)
	obj[key] != null
}

_ingress if not _set(_values, "direction")

_ingress if _norm(_values.direction) == "ingress"

_enabled if not _set(_values, "disabled")

_enabled if lib.is_false(_values.disabled)

# Protocols with ports, by name or number, and the ports of each that this policy
# leaves alone: the web ports, and SSH/RDP (VGL-GCP-003) on TCP.
_protocols := {
	"tcp": "tcp", "6": "tcp",
	"udp": "udp", "17": "udp",
	"sctp": "sctp", "132": "sctp",
}

_exempt := {
	"tcp": {22, 80, 443, 3389},
	"udp": {80, 443},
	"sctp": set(),
}

_spec(v) := trim_space(v) if is_string(v)

_spec(v) := format_int(v, 10) if is_number(v)

# A port spec opens a port outside the exempt ones: a single port not exempt, or a
# range of more than one port (the exempt ports are not contiguous).
_opens_other(protocol, spec) if {
	regex.match(`^[0-9]+$`, spec)
	not to_number(spec) in _exempt[protocol]
}

_opens_other(protocol, spec) if {
	m := regex.find_all_string_submatch_n(`^([0-9]+)\s*-\s*([0-9]+)$`, spec, 1)
	count(m) == 1
	not _single_exempt(protocol, to_number(m[0][1]), to_number(m[0][2]))
}

_single_exempt(protocol, from, to) if {
	from == to
	from in _exempt[protocol]
}

_has_ports(allow) if {
	_set(allow, "ports")
	allow.ports != []
}

# What each allow block opens beyond the exempt ports, as text for the message.
_opened(allow) := {"all protocols and ports"} if _norm(allow.protocol) == "all"

_opened(allow) := {sprintf("every %s port", [upper(protocol)])} if {
	protocol := _protocols[_norm(allow.protocol)]
	not _has_ports(allow)
}

_opened(allow) := {sprintf("%s %s", [upper(protocol), spec]) |
	some p in allow.ports
	spec := _spec(p)
	_opens_other(protocol, spec)
} if {
	protocol := _protocols[_norm(allow.protocol)]
	is_array(allow.ports)
}

_exposed := {x |
	some block in lib.block_entries(_values, _n.allow, "")
	is_object(block.value)
	some x in _opened(block.value)
}

_label := sprintf("Firewall rule \"%s\"", [_values.name]) if {
	is_string(_values.name)
	_values.name != ""
	not contains(_values.name, "${")
}

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
	count(_exposed) > 0
	ranges := _values[_n.source_ranges]
	is_array(ranges)
	some i, cidr in ranges
	_norm(cidr) in _anywhere
	result := {
		"msg": sprintf(
			"%s allows ingress from %s to %s: anyone on the internet can reach whatever listens there on the targeted instances. Limit %s to known address ranges, or publish the service through a load balancer.",
			[_label, trim_space(cidr), concat(", ", sort(_exposed)), _n.source_ranges],
		),
		"path": sprintf("/%s/%d", [_n.source_ranges, i]),
	}
}
