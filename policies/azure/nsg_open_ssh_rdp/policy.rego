# METADATA
# title: Network security rules do not open SSH or RDP to the internet
# description: An inbound Allow rule whose source is any address ("*", "Internet", "Any", 0.0.0.0/0 or ::/0) and whose destination ports include TCP 22 or 3389 puts SSH or RDP in front of the whole internet, where both are scanned and brute-forced within minutes of exposure and RDP is a common ransomware entry point. This checks azurerm_network_security_rule resources and the inline security_rule blocks of azurerm_network_security_group (in Pulumi Azure classic, NetworkSecurityRule resources and the securityRules list of NetworkSecurityGroup), for TCP and any-protocol rules, with single ports, ranges such as "20-25" and "*". Rules of higher priority that might deny the same traffic are not taken into account. Limit the source to known address ranges, or reach the machines through Azure Bastion, a VPN or just-in-time VM access.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview
#   - https://learn.microsoft.com/en-us/azure/bastion/bastion-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_group
# custom:
#   id: VGL-AZURE-004
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_network_security_rule, azurerm_network_security_group, "azure:network/networkSecurityRule:NetworkSecurityRule", "azure:network/networkSecurityGroup:NetworkSecurityGroup"]
#   controls:
#     CIS-Azure-Foundations-2.1: ["6.1", "6.2"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_AZURE_9, CKV_AZURE_10, AZU-0048, AZU-0050]
package vigil.azure.network.nsg_open_ssh_rdp

import data.vigil.lib
import rego.v1

_values := input.resource.values

# Attribute names: Terraform's, or Pulumi's lowerCamelCase ones.
_pulumi_types := {"azure:network/networkSecurityRule:NetworkSecurityRule", "azure:network/networkSecurityGroup:NetworkSecurityGroup"}

_k(name) := name if not input.resource.type in _pulumi_types

_k(name) := _camel[name] if input.resource.type in _pulumi_types

_camel := {
	"destination_port_range": "destinationPortRange",
	"destination_port_ranges": "destinationPortRanges",
	"source_address_prefix": "sourceAddressPrefix",
	"source_address_prefixes": "sourceAddressPrefixes",
}

# The remote-administration ports this policy protects.
_services := {22: "SSH", 3389: "RDP"}

# Source prefixes that stand for any address on the internet (compared lower-case).
_internet := {"*", "0.0.0.0/0", "::/0", "internet", "any"}

_norm(x) := lower(trim_space(x)) if is_string(x)

# ---------------------------------------------------------------------------
# Does a rule admit inbound TCP? Unknown ("${...}") values never match.

_admits_inbound_tcp(rule) if {
	_norm(rule.direction) == "inbound"
	_norm(rule.access) == "allow"
	_norm(rule.protocol) in {"tcp", "*"}
}

# The destination port specifications of a rule: destination_port_range (one string)
# and destination_port_ranges (a list of strings).
_port_specs(rule) := [s |
	some v in array.concat(
		_list(object.get(rule, _k("destination_port_range"), null)),
		_list(object.get(rule, _k("destination_port_ranges"), null)),
	)
	s := _spec(v)
]

# A port written as a number (HCL converts it to a string for the provider).
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

# _covers(spec, port): "*", "22", "20-25".
_covers(spec, _) if spec == "*"

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

# The protected ports a rule opens, sorted.
_exposed(rule) := sort({port |
	some port, _ in _services
	some spec in _port_specs(rule)
	_covers(spec, port)
})

# The source prefixes of a rule that mean "anywhere", with their JSON Pointers.
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

_msg(rule, ports, source) := sprintf(
	"%s allows inbound TCP from \"%s\" to %s: anyone on the internet can connect, and these ports are scanned and brute-forced constantly. Limit the source to known address ranges, or use Azure Bastion, a VPN or just-in-time VM access.",
	[_label(rule), source, concat(" and ", [sprintf("%s (port %d)", [_services[p], p]) | some p in ports])],
)

_findings(rule, prefix) := [{"msg": _msg(rule, ports, src.value), "path": src.path} |
	is_object(rule)
	_admits_inbound_tcp(rule)
	ports := _exposed(rule)
	count(ports) > 0
	some src in _open_sources(rule, prefix)
]

# Standalone rules.
deny contains result if {
	input.resource.type in {"azurerm_network_security_rule", "azure:network/networkSecurityRule:NetworkSecurityRule"}
	some result in _findings(_values, "")
}

# Inline security_rule blocks of a network security group (one block, several, or the
# list-of-objects attribute syntax).
deny contains result if {
	input.resource.type == "azurerm_network_security_group"
	some block in lib.block_entries(_values, "security_rule", "")
	some result in _findings(block.value, block.path)
}

# Pulumi: the group's rules are the securityRules list.
deny contains result if {
	input.resource.type == "azure:network/networkSecurityGroup:NetworkSecurityGroup"
	some block in lib.block_entries(_values, "securityRules", "")
	some result in _findings(block.value, block.path)
}
