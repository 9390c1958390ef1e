package vigil.gcp.sql.no_public_ip_test

import data.vigil.gcp.sql.no_public_ip as p
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

_tf(settings) := _res("google_sql_database_instance", "terraform", {"database_version": "POSTGRES_15", "settings": settings})

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({"tier": "db-f1-micro"})
	_paths(results) == {"/settings/ip_configuration/ipv4_enabled"}
	some r in results
	not r.fix
}

test_tf_true if {
	_paths(p.deny) == {"/settings/ip_configuration/ipv4_enabled"} with input as _tf({"ip_configuration": {"ipv4_enabled": true}})
}

test_tf_private if {
	count(p.deny) == 0 with input as _tf({"ip_configuration": {"ipv4_enabled": false, "private_network": "${google_compute_network.main.id}"}})
}

test_pulumi if {
	_paths(p.deny) == {"/settings/ipConfiguration/ipv4Enabled"} with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"tier": "db-f1-micro"}})
	count(p.deny) == 0 with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"ipConfiguration": {"ipv4Enabled": false}}})
}
