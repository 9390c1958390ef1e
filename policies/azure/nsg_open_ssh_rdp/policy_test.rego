package vigil.azure.network.nsg_open_ssh_rdp_test

import data.vigil.azure.network.nsg_open_ssh_rdp as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.this", [type]),
	"type": type,
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

_rule(overrides) := object.union(
	{
		"name": "ssh",
		"priority": 100,
		"direction": "Inbound",
		"access": "Allow",
		"protocol": "Tcp",
		"source_port_range": "*",
		"destination_port_range": "22",
		"source_address_prefix": "*",
		"destination_address_prefix": "*",
		"resource_group_name": "rg",
		"network_security_group_name": "nsg",
	},
	overrides,
)

_without(obj, key) := {k: v | some k, v in obj; k != key}

# --- azurerm_network_security_rule ----------------------------------------------

test_rule_ssh_from_anywhere if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({}))
	_paths(results) == {"/source_address_prefix"}
	some r in results
	contains(r.msg, "SSH (port 22)")
	contains(r.msg, "\"ssh\"")
}

test_rule_rdp_from_internet_tag_any_protocol if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({
		"destination_port_range": "3389",
		"protocol": "*",
		"source_address_prefix": "Internet",
	}))
	_paths(results) == {"/source_address_prefix"}
	some r in results
	contains(r.msg, "RDP (port 3389)")
}

test_rule_port_range_covers_ssh if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"destination_port_range": "20-25"}))
	count(results) == 1
}

test_rule_all_ports_names_both_services if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({
		"destination_port_range": "*",
		"source_address_prefix": "0.0.0.0/0",
	}))
	count(results) == 1
	some r in results
	contains(r.msg, "SSH (port 22) and RDP (port 3389)")
}

test_rule_port_ranges_list_and_prefixes_list if {
	values := object.union(_without(_without(_rule({}), "destination_port_range"), "source_address_prefix"), {
		"destination_port_ranges": ["80", "443", "3380-3390"],
		"source_address_prefixes": ["10.0.0.0/8", "Any", "::/0"],
	})
	results := p.deny with input as _tf("azurerm_network_security_rule", values)
	_paths(results) == {"/source_address_prefixes/1", "/source_address_prefixes/2"}
}

test_rule_lower_case_values if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({
		"direction": "inbound",
		"access": "allow",
		"protocol": "tcp",
		"source_address_prefix": "internet",
	}))
	count(results) == 1
}

test_rule_restricted_source if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"source_address_prefix": "203.0.113.0/24"}))
	count(results) == 0
}

test_rule_service_tag_source if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"source_address_prefix": "VirtualNetwork"}))
	count(results) == 0
}

test_rule_deny if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"access": "Deny"}))
	count(results) == 0
}

test_rule_outbound if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"direction": "Outbound"}))
	count(results) == 0
}

test_rule_udp if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"protocol": "Udp", "destination_port_range": "*"}))
	count(results) == 0
}

test_rule_other_ports if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"destination_port_range": "2222"}))
	count(results) == 0
}

test_rule_range_not_covering if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"destination_port_range": "23-3388"}))
	count(results) == 0
}

test_rule_unknown_values if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"source_address_prefix": "${var.admin_cidr}"}))
	count(results) == 0
	results2 := p.deny with input as _tf("azurerm_network_security_rule", _rule({"destination_port_range": "${var.port}"}))
	count(results2) == 0
	results3 := p.deny with input as _tf("azurerm_network_security_rule", _rule({"access": "${var.access}"}))
	count(results3) == 0
}

test_rule_unknown_name_keeps_message_stable if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"name": "${var.name}"}))
	count(results) == 1
	some r in results
	startswith(r.msg, "A network security rule allows")
}

# --- azurerm_network_security_group inline rules ----------------------------------

test_nsg_single_inline_rule if {
	values := {"name": "nsg", "security_rule": _rule({})}
	results := p.deny with input as _tf("azurerm_network_security_group", values)
	_paths(results) == {"/security_rule/source_address_prefix"}
}

test_nsg_repeated_inline_rules if {
	values := {"name": "nsg", "security_rule": [
		_rule({"name": "https", "destination_port_range": "443"}),
		_rule({"name": "rdp", "destination_port_range": "3389", "source_address_prefix": "10.0.0.0/8"}),
		_rule({"name": "admin", "destination_port_range": "3389"}),
	]}
	results := p.deny with input as _tf("azurerm_network_security_group", values)
	_paths(results) == {"/security_rule/2/source_address_prefix"}
}

test_nsg_without_rules if {
	results := p.deny with input as _tf("azurerm_network_security_group", {"name": "nsg"})
	count(results) == 0
}

test_nsg_dynamic_rules if {
	results := p.deny with input as _tf("azurerm_network_security_group", {"name": "nsg", "security_rule": "${dynamic.security_rule}"})
	count(results) == 0
}

test_other_types_ignored if {
	results := p.deny with input as _tf("azurerm_application_security_group", _rule({}))
	count(results) == 0
}

test_rule_numeric_port if {
	results := p.deny with input as _tf("azurerm_network_security_rule", _rule({"destination_port_range": 22}))
	count(results) == 1
	results2 := p.deny with input as _tf("azurerm_network_security_rule", _without(object.union(_rule({}), {"destination_port_ranges": [3389]}), "destination_port_range"))
	count(results2) == 1
}

test_rule_overlapping_port_specs_name_each_service_once if {
	values := object.union(_without(_rule({}), "destination_port_range"), {"destination_port_ranges": ["22", "*", "20-25"]})
	results := p.deny with input as _tf("azurerm_network_security_rule", values)
	count(results) == 1
	some r in results
	contains(r.msg, " to SSH (port 22) and RDP (port 3389):")
}

# --- Pulumi Azure classic -----------------------------------------------------------

_pulumi(type, values) := {"resource": {
	"address": "this",
	"type": type,
	"name": "this",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

_prule(overrides) := object.union(
	{
		"name": "ssh",
		"priority": 100,
		"direction": "Inbound",
		"access": "Allow",
		"protocol": "Tcp",
		"sourcePortRange": "*",
		"destinationPortRange": "22",
		"sourceAddressPrefix": "*",
		"destinationAddressPrefix": "*",
	},
	overrides,
)

test_pulumi_rule_ssh_from_anywhere if {
	results := p.deny with input as _pulumi("azure:network/networkSecurityRule:NetworkSecurityRule", _prule({}))
	_paths(results) == {"/sourceAddressPrefix"}
}

test_pulumi_rule_prefix_list_and_port_list if {
	values := object.union(_without(_prule({"destinationPortRanges": ["80", "3389"]}), "sourceAddressPrefix"), {"sourceAddressPrefixes": ["10.0.0.0/8", "Internet"]})
	results := p.deny with input as _pulumi("azure:network/networkSecurityRule:NetworkSecurityRule", _without(values, "destinationPortRange"))
	_paths(results) == {"/sourceAddressPrefixes/1"}
}

test_pulumi_group_rules if {
	values := {"securityRules": [_prule({"destinationPortRange": "443"}), _prule({"destinationPortRange": "3389"}), _prule({"sourceAddressPrefix": "10.0.0.0/8"})]}
	results := p.deny with input as _pulumi("azure:network/networkSecurityGroup:NetworkSecurityGroup", values)
	_paths(results) == {"/securityRules/1/sourceAddressPrefix"}
}

test_pulumi_restricted if {
	results := p.deny with input as _pulumi("azure:network/networkSecurityRule:NetworkSecurityRule", _prule({"sourceAddressPrefix": "VirtualNetwork"}))
	count(results) == 0
}
