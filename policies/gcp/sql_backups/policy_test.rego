package vigil.gcp.sql.backups_test

import data.vigil.gcp.sql.backups as p
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

_tf(values) := _res("google_sql_database_instance", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({"settings": {"tier": "db-f1-micro"}})
	_paths(results) == {"/settings/backup_configuration/enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/settings/backup_configuration", "value": {"enabled": true}}]
}

test_tf_disabled if {
	results := p.deny with input as _tf({"settings": {"backup_configuration": {"enabled": false}}})
	some r in results
	r.fix == [{"op": "replace", "path": "/settings/backup_configuration/enabled", "value": true}]
}

test_tf_enabled if {
	count(p.deny) == 0 with input as _tf({"settings": {"backup_configuration": {"enabled": true, "point_in_time_recovery_enabled": true}}})
}

test_tf_replica if {
	count(p.deny) == 0 with input as _tf({"master_instance_name": "${google_sql_database_instance.main.name}", "settings": {"tier": "db-f1-micro"}})
}

test_pulumi if {
	_paths(p.deny) == {"/settings/backupConfiguration/enabled"} with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"tier": "db-f1-micro"}})
	count(p.deny) == 0 with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"backupConfiguration": {"enabled": true}}})
	count(p.deny) == 0 with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"masterInstanceName": "main", "settings": {}})
}
