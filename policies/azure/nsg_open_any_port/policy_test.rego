package vigil.azure.network.nsg_open_any_port_test

import data.vigil.azure.network.nsg_open_any_port as p
import rego.v1

_in(type, values) := {"resource": {"address": "r", "type": type, "name": "r", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_rule(overrides) := object.union(
	{
		"name": "app", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
		"source_port_range": "*", "destination_port_range": "8080", "source_address_prefix": "*",
		"destination_address_prefix": "*",
	},
	overrides,
)

_tf(overrides) := _in("azurerm_network_security_rule", _rule(overrides))

_paths(results) := {r.path | some r in results}

test_other_port_from_anywhere if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/source_address_prefix"}
	some r in results
	contains(r.msg, "ports 8080")
}

test_all_ports if {
	results := p.deny with input as _tf({"destination_port_range": "*", "protocol": "*", "source_address_prefix": "Internet"})
	some r in results
	contains(r.msg, "all ports")
}

test_udp_and_ranges if {
	_paths(p.deny) == {"/source_address_prefix"} with input as _tf({"protocol": "Udp", "destination_port_range": "3389"})
	_paths(p.deny) == {"/source_address_prefix"} with input as _tf({"destination_port_range": "80-443"})
	_paths(p.deny) == {"/source_address_prefixes/1"} with input as _in("azurerm_network_security_rule", object.union(
		{k: v | some k, v in _rule({}); k != "source_address_prefix"},
		{"source_address_prefixes": ["10.0.0.0/8", "0.0.0.0/0"], "destination_port_ranges": ["443", "5432"], "destination_port_range": null},
	))
}

test_not_reported if {
	# Web ports.
	count(p.deny) == 0 with input as _tf({"destination_port_range": "443"})
	count(p.deny) == 0 with input as _tf({"destination_port_range": "80-80"})
	count(p.deny) == 0 with input as _in("azurerm_network_security_rule", object.union(_rule({}), {"destination_port_range": null, "destination_port_ranges": ["80", "443"]}))
	# SSH and RDP alone: VGL-AZURE-004's findings.
	count(p.deny) == 0 with input as _tf({"destination_port_range": "22"})
	count(p.deny) == 0 with input as _tf({"destination_port_range": "3389", "protocol": "*"})
	# Restricted source, deny, outbound, ICMP, unknown.
	count(p.deny) == 0 with input as _tf({"source_address_prefix": "203.0.113.0/24"})
	count(p.deny) == 0 with input as _tf({"source_address_prefix": "VirtualNetwork"})
	count(p.deny) == 0 with input as _tf({"access": "Deny"})
	count(p.deny) == 0 with input as _tf({"direction": "Outbound"})
	count(p.deny) == 0 with input as _tf({"protocol": "Icmp", "destination_port_range": "*"})
	count(p.deny) == 0 with input as _tf({"source_address_prefix": "${var.cidr}"})
}

test_group_inline if {
	values := {"security_rule": [_rule({"destination_port_range": "443"}), _rule({"destination_port_range": "6379"})]}
	_paths(p.deny) == {"/security_rule/1/source_address_prefix"} with input as _in("azurerm_network_security_group", values)
}

test_pulumi if {
	rule := {"name": "redis", "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destinationPortRange": "6379", "sourceAddressPrefix": "*"}
	_paths(p.deny) == {"/sourceAddressPrefix"} with input as _in("azure:network/networkSecurityRule:NetworkSecurityRule", rule)
	_paths(p.deny) == {"/securityRules/0/sourceAddressPrefix"} with input as _in("azure:network/networkSecurityGroup:NetworkSecurityGroup", {"securityRules": [rule]})
	count(p.deny) == 0 with input as _in("azure:network/networkSecurityRule:NetworkSecurityRule", object.union(rule, {"destinationPortRange": "443"}))
}
