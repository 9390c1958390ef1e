package vigil.gcp.sql.postgres_log_min_duration_statement_test

import data.vigil.gcp.sql.postgres_log_min_duration_statement as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "x",
	"type": type,
	"name": "x",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

_tf(version, settings) := _res("google_sql_database_instance", "terraform", {"database_version": version, "settings": settings})

_pulumi(version, settings) := _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"databaseVersion": version, "settings": settings})

_paths(results) := {r.path | some r in results}

test_tf_bad_value if {
	results := p.deny with input as _tf("POSTGRES_15", {"database_flags": [{"name": "other", "value": "1"}, {"name": "log_min_duration_statement", "value": "0"}]})
	_paths(results) == {"/settings/database_flags/1/value"}
	some r in results
	r.fix == [{"op": "replace", "path": "/settings/database_flags/1/value", "value": "-1"}]
}

test_tf_single_block_bad if {
	results := p.deny with input as _tf("POSTGRES_15", {"database_flags": {"name": "log_min_duration_statement", "value": "0"}})
	_paths(results) == {"/settings/database_flags/value"}
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf("POSTGRES_15", {"database_flags": {"name": "log_min_duration_statement", "value": "-1"}})
	count(p.deny) == 0 with input as _tf("POSTGRES_15", {"database_flags": {"name": "log_min_duration_statement", "value": "${var.flag}"}})
}

test_other_engines if {
	count(p.deny) == 0 with input as _tf("MYSQL_8_0", {"database_flags": {"name": "log_min_duration_statement", "value": "0"}})
	count(p.deny) == 0 with input as _tf("MYSQL_8_0", {"tier": "db-f1-micro"})
	count(p.deny) == 0 with input as _tf("${var.version}", {"tier": "db-f1-micro"})
}

test_pulumi_bad if {
	_paths(p.deny) == {"/settings/databaseFlags/0/value"} with input as _pulumi("POSTGRES_15", {"databaseFlags": [{"name": "log_min_duration_statement", "value": "0"}]})
	count(p.deny) == 0 with input as _pulumi("POSTGRES_15", {"databaseFlags": [{"name": "log_min_duration_statement", "value": "-1"}]})
}
