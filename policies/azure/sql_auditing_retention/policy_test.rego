package vigil.azure.sql.auditing_retention_test

import data.vigil.azure.sql.auditing_retention as p
import rego.v1

_in(type, values) := {"resource": {"address": "audit", "type": type, "name": "audit", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_short if {
	results := p.deny with input as _in("azurerm_mssql_server_extended_auditing_policy", {"server_id": "x", "retention_in_days": 30})
	_paths(results) == {"/retention_in_days"}
	some r in results
	r.fix == [{"op": "replace", "path": "/retention_in_days", "value": 90}]
	_paths(p.deny) == {"/retention_in_days"} with input as _in("azurerm_mssql_database_extended_auditing_policy", {"retention_in_days": "7"})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_mssql_server_extended_auditing_policy", {"server_id": "x"})
	count(p.deny) == 0 with input as _in("azurerm_mssql_server_extended_auditing_policy", {"retention_in_days": 0})
	count(p.deny) == 0 with input as _in("azurerm_mssql_server_extended_auditing_policy", {"retention_in_days": 90})
	count(p.deny) == 0 with input as _in("azurerm_mssql_server_extended_auditing_policy", {"retention_in_days": "${var.days}"})
}

test_pulumi if {
	_paths(p.deny) == {"/retentionInDays"} with input as _in("azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy", {"retentionInDays": 14})
	count(p.deny) == 0 with input as _in("azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy", {"retentionInDays": 365})
}
