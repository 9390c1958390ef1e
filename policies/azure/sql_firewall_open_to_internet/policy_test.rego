package vigil.azure.sql.firewall_open_to_internet_test

import data.vigil.azure.sql.firewall_open_to_internet as p
import rego.v1

_in(type, values) := {"resource": {"address": "fw", "type": type, "name": "fw", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_open if {
	_paths(p.deny) == {"/end_ip_address"} with input as _in("azurerm_mssql_firewall_rule", {"name": "all", "start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"})
	_paths(p.deny) == {"/end_ip_address"} with input as _in("azurerm_sql_firewall_rule", {"name": "all", "start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"})
}

test_tf_not_open if {
	# "Allow Azure services" is not the internet.
	count(p.deny) == 0 with input as _in("azurerm_mssql_firewall_rule", {"start_ip_address": "0.0.0.0", "end_ip_address": "0.0.0.0"})
	count(p.deny) == 0 with input as _in("azurerm_mssql_firewall_rule", {"start_ip_address": "203.0.113.0", "end_ip_address": "203.0.113.255"})
	count(p.deny) == 0 with input as _in("azurerm_mssql_firewall_rule", {"start_ip_address": "${var.start}", "end_ip_address": "255.255.255.255"})
}

test_pulumi if {
	_paths(p.deny) == {"/endIpAddress"} with input as _in("azure:mssql/firewallRule:FirewallRule", {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"})
	count(p.deny) == 0 with input as _in("azure:mssql/firewallRule:FirewallRule", {"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"})
}
