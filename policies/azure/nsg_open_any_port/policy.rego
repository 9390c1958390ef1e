# METADATA
# title: Network security rules open only web ports to the internet
# description: An inbound Allow rule whose source is any address ("*", "Internet", "Any", 0.0.0.0/0 or ::/0) exposes the destination ports to the whole internet; apart from HTTP and HTTPS (80 and 443), which public sites need, such ports usually carry databases, management interfaces, caches or message brokers that were never meant to be public and are found by internet-wide scans within hours. This reports TCP, UDP and any-protocol rules (standalone azurerm_network_security_rule, inline security_rule blocks, and their Pulumi Azure classic equivalents) whose destination ports include anything other than 80 and 443, including "*" and ranges. A rule that opens exactly port 22 or 3389 over TCP is left to the SSH/RDP policy (VGL-AZURE-004), so that it is reported once. Rules of higher priority that might deny the same traffic are not taken into account. Limit the source to known address ranges, or put the service behind a load balancer, Application Gateway or private endpoint.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_group
# custom:
#   id: VGL-AZURE-031
#   severity: medium
#   enforcement: mandatory
#   resources: [azurerm_network_security_rule, azurerm_network_security_group, "azure:network/networkSecurityRule:NetworkSecurityRule", "azure:network/networkSecurityGroup:NetworkSecurityGroup"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.4.1"]
#   aliases: [AZU-0047]
package vigil.azure.network.nsg_open_any_port

import data.vigil.lib
import rego.v1

_values := input.resource.values

_pulumi_types := {"azure:network/networkSecurityRule:NetworkSecurityRule", "azure:network/networkSecurityGroup:NetworkSecurityGroup"}

# Attribute names: Terraform's, or Pulumi's lowerCamelCase ones.
_k(name) := name if not input.resource.type in _pulumi_types

_k(name) := _camel[name] if input.resource.type in _pulumi_types

_camel := {
	"destination_port_range": "destinationPortRange",
	"destination_port_ranges": "destinationPortRanges",
	"source_address_prefix": "sourceAddressPrefix",
	"source_address_prefixes": "sourceAddressPrefixes",
}

# Ports that public services are expected to open.
_web := {80, 443}

# Source prefixes that stand for any address on the internet (compared lower-case).
_internet := {"*", "0.0.0.0/0", "::/0", "internet", "any"}

_norm(x) := lower(trim_space(x)) if is_string(x)

_admits_inbound(rule) if {
	_norm(rule.direction) == "inbound"
	_norm(rule.access) == "allow"
	_norm(rule.protocol) in {"tcp", "udp", "*"}
}

_port_specs(rule) := [s |
	some v in array.concat(
		_list(object.get(rule, _k("destination_port_range"), null)),
		_list(object.get(rule, _k("destination_port_ranges"), null)),
	)
	s := _spec(v)
]

_spec(v) := trim_space(v) if is_string(v)

_spec(v) := format_int(v, 10) if is_number(v)

_list(x) := x if is_array(x)

_list(x) := [x] if is_string(x)

_list(x) := [x] if is_number(x)

_list(x) := [] if {
	not is_array(x)
	not is_string(x)
	not is_number(x)
}

# A port specification that admits more than the web ports: "*", a range that is not
# exactly one web port, or a single other port.
_beyond_web(spec, _) if spec == "*"

_beyond_web(spec, _) if {
	regex.match(`^[0-9]+$`, spec)
	not to_number(spec) in _web
}

_beyond_web(spec, _) if {
	m := regex.find_all_string_submatch_n(`^([0-9]+)\s*-\s*([0-9]+)$`, spec, 1)
	count(m) == 1
	low := to_number(m[0][1])
	high := to_number(m[0][2])
	not _only_web(low, high)
}

_only_web(low, high) if {
	low == high
	low in _web
}

# Exactly SSH or RDP over TCP: VGL-AZURE-004 reports it.
_ssh_rdp_only(spec, rule) if {
	spec in {"22", "3389"}
	_norm(rule.protocol) in {"tcp", "*"}
}

_open_specs(rule) := sort({spec |
	some spec in _port_specs(rule)
	_beyond_web(spec, rule)
	not _ssh_rdp_only(spec, rule)
})

_open_sources(rule, prefix) := array.concat(
	[{"path": sprintf("%s/%s", [prefix, _k("source_address_prefix")]), "value": p} |
		p := rule[_k("source_address_prefix")]
		_norm(p) in _internet
	],
	[{"path": sprintf("%s/%s/%d", [prefix, _k("source_address_prefixes"), i]), "value": p} |
		prefixes := rule[_k("source_address_prefixes")]
		is_array(prefixes)
		some i, p in prefixes
		_norm(p) in _internet
	],
)

_label(rule) := sprintf("Network security rule \"%s\"", [rule.name]) if _named(rule)

_label(rule) := "A network security rule" if not _named(rule)

_named(rule) if {
	is_string(rule.name)
	rule.name != ""
	not contains(rule.name, "${")
}

_ports_text(specs) := "all ports" if "*" in specs

_ports_text(specs) := sprintf("ports %s", [concat(", ", specs)]) if not "*" in specs

_findings(rule, prefix) := [{"msg": msg, "path": src.path} |
	is_object(rule)
	_admits_inbound(rule)
	specs := _open_specs(rule)
	count(specs) > 0
	some src in _open_sources(rule, prefix)
	msg := sprintf(
		"%s allows inbound %s traffic from \"%s\" to %s: services on these ports are reachable by anyone on the internet. Limit the source to known address ranges, or publish the service through a load balancer, Application Gateway or private endpoint.",
		[_label(rule), rule.protocol, src.value, _ports_text(specs)],
	)
]

deny contains result if {
	input.resource.type in {"azurerm_network_security_rule", "azure:network/networkSecurityRule:NetworkSecurityRule"}
	some result in _findings(_values, "")
}

deny contains result if {
	input.resource.type == "azurerm_network_security_group"
	some block in lib.block_entries(_values, "security_rule", "")
	some result in _findings(block.value, block.path)
}

deny contains result if {
	input.resource.type == "azure:network/networkSecurityGroup:NetworkSecurityGroup"
	some block in lib.block_entries(_values, "securityRules", "")
	some result in _findings(block.value, block.path)
}
