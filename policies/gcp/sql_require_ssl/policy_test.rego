package vigil.gcp.sql.require_ssl_test

import data.vigil.gcp.sql.require_ssl as p
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

test_tf_allow_unencrypted if {
	results := p.deny with input as _tf({"ip_configuration": {"ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"}})
	_paths(results) == {"/settings/ip_configuration/ssl_mode"}
	some r in results
	r.fix == [{"op": "replace", "path": "/settings/ip_configuration/ssl_mode", "value": "ENCRYPTED_ONLY"}]
}

test_tf_missing_mode if {
	results := p.deny with input as _tf({"ip_configuration": {"ipv4_enabled": true}})
	some r in results
	r.fix == [{"op": "add", "path": "/settings/ip_configuration/ssl_mode", "value": "ENCRYPTED_ONLY"}]
}

test_tf_missing_ip_configuration if {
	results := p.deny with input as _tf({"tier": "db-f1-micro"})
	_paths(results) == {"/settings/ip_configuration/ssl_mode"}
	some r in results
	r.fix == [{"op": "add", "path": "/settings/ip_configuration", "value": {"ssl_mode": "ENCRYPTED_ONLY"}}]
}

test_tf_secure if {
	count(p.deny) == 0 with input as _tf({"ip_configuration": {"ssl_mode": "ENCRYPTED_ONLY"}})
	count(p.deny) == 0 with input as _tf({"ip_configuration": {"ssl_mode": "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}})
	count(p.deny) == 0 with input as _tf({"ip_configuration": {"require_ssl": true}})
	count(p.deny) == 0 with input as _tf({"ip_configuration": {"ssl_mode": "${var.ssl_mode}"}})
}

test_pulumi if {
	_paths(p.deny) == {"/settings/ipConfiguration/sslMode"} with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"tier": "db-f1-micro"}})
	_paths(p.deny) == {"/settings/ipConfiguration/sslMode"} with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"ipConfiguration": {"sslMode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"}}})
	count(p.deny) == 0 with input as _res("gcp:sql/databaseInstance:DatabaseInstance", "pulumi", {"settings": {"ipConfiguration": {"sslMode": "ENCRYPTED_ONLY"}}})
}
