package vigil.azure.sql.database_tde_test

import data.vigil.azure.sql.database_tde as p
import rego.v1

_in(type, values) := {"resource": {"address": "db", "type": type, "name": "db", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_disabled if {
	results := p.deny with input as _in("azurerm_mssql_database", {"name": "orders", "transparent_data_encryption_enabled": false})
	_paths(results) == {"/transparent_data_encryption_enabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/transparent_data_encryption_enabled", "value": true}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_mssql_database", {"name": "orders"})
	count(p.deny) == 0 with input as _in("azurerm_mssql_database", {"transparent_data_encryption_enabled": true})
}

test_pulumi if {
	_paths(p.deny) == {"/transparentDataEncryptionEnabled"} with input as _in("azure:mssql/database:Database", {"transparentDataEncryptionEnabled": false})
	count(p.deny) == 0 with input as _in("azure:mssql/database:Database", {})
}
