package vigil.azure.sql.server_auditing_test

import data.vigil.azure.sql.server_auditing as p
import data.vigil.lib
import rego.v1

_r(address, type, values, refs) := {"address": address, "type": type, "name": address, "mode": "managed", "values": values, "references": refs, "unknown": []}

_server := _r("azurerm_mssql_server.main", "azurerm_mssql_server", {"name": "sql-prod", "version": "12.0"}, {})

_policy(values) := _r(
	"azurerm_mssql_server_extended_auditing_policy.main", "azurerm_mssql_server_extended_auditing_policy",
	object.union({"server_id": "${azurerm_mssql_server.main.id}", "log_monitoring_enabled": true}, values),
	{"/server_id": ["azurerm_mssql_server.main"]},
)

_paths(results) := {r.path | some r in results}

test_tf_no_policy if {
	results := p.deny with input as {"resource": _server} with data.vigil.stack as lib.stack_of([_server])
	_paths(results) == {"/extended_auditing_policy"}
}

test_tf_policy if {
	results := p.deny with input as {"resource": _server} with data.vigil.stack as lib.stack_of([_server, _policy({})])
	count(results) == 0
}

test_tf_policy_disabled if {
	results := p.deny with input as {"resource": _server} with data.vigil.stack as lib.stack_of([_server, _policy({"enabled": false})])
	_paths(results) == {"/extended_auditing_policy"}
}

test_tf_inline_block if {
	server := _r("azurerm_mssql_server.main", "azurerm_mssql_server", {"extended_auditing_policy": {"retention_in_days": 90}}, {})
	count(p.deny) == 0 with input as {"resource": server} with data.vigil.stack as lib.stack_of([server])
}

test_pulumi if {
	server := _r("sqlServer", "azure:mssql/server:Server", {"version": "12.0"}, {})
	policy := _r("auditing", "azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy", {"serverId": "${sqlServer.id}"}, {"/serverId": ["sqlServer"]})
	_paths(p.deny) == {"/extendedAuditingPolicy"} with input as {"resource": server} with data.vigil.stack as lib.stack_of([server])
	count(p.deny) == 0 with input as {"resource": server} with data.vigil.stack as lib.stack_of([server, policy])
}
