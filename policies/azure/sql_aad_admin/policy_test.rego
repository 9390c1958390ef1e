package vigil.azure.sql.aad_admin_test

import data.vigil.azure.sql.aad_admin as p
import data.vigil.lib
import rego.v1

_r(address, type, values, refs) := {"address": address, "type": type, "name": address, "mode": "managed", "values": values, "references": refs, "unknown": []}

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	server := _r("azurerm_mssql_server.main", "azurerm_mssql_server", {"version": "12.0"}, {})
	_paths(p.deny) == {"/azuread_administrator"} with input as {"resource": server} with data.vigil.stack as lib.stack_of([server])
}

test_tf_block if {
	server := _r("azurerm_mssql_server.main", "azurerm_mssql_server", {"azuread_administrator": {"login_username": "sql-admins", "object_id": "x"}}, {})
	count(p.deny) == 0 with input as {"resource": server} with data.vigil.stack as lib.stack_of([server])
}

test_tf_legacy_resource if {
	server := _r("azurerm_mssql_server.main", "azurerm_mssql_server", {"version": "12.0"}, {})
	admin := _r("azurerm_sql_active_directory_administrator.main", "azurerm_sql_active_directory_administrator", {"server_name": "${azurerm_mssql_server.main.name}"}, {"/server_name": ["azurerm_mssql_server.main"]})
	count(p.deny) == 0 with input as {"resource": server} with data.vigil.stack as lib.stack_of([server, admin])
}

test_pulumi if {
	server := _r("sqlServer", "azure:mssql/server:Server", {"version": "12.0"}, {})
	_paths(p.deny) == {"/azureadAdministrator"} with input as {"resource": server} with data.vigil.stack as lib.stack_of([server])
	server2 := _r("sqlServer", "azure:mssql/server:Server", {"azureadAdministrator": {"loginUsername": "sql-admins", "objectId": "x"}}, {})
	count(p.deny) == 0 with input as {"resource": server2} with data.vigil.stack as lib.stack_of([server2])
}
