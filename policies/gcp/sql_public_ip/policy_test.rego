package vigil.gcp.sql.public_ip_test

import data.vigil.gcp.sql.public_ip as p
import rego.v1

_tf(values) := {"resource": {
	"address": "google_sql_database_instance.this",
	"type": "google_sql_database_instance",
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

_instance(ip_configuration) := {
	"name": "orders",
	"database_version": "POSTGRES_15",
	"region": "europe-west1",
	"settings": {"tier": "db-custom-2-7680", "ip_configuration": ip_configuration},
}

test_single_authorized_network if {
	results := p.deny with input as _tf(_instance({
		"ipv4_enabled": true,
		"authorized_networks": {"name": "anyone", "value": "0.0.0.0/0"},
	}))
	_paths(results) == {"/settings/ip_configuration/authorized_networks/value"}
	some r in results
	contains(r.msg, "\"orders\"")
	contains(r.msg, "\"anyone\"")
}

test_repeated_authorized_networks if {
	results := p.deny with input as _tf(_instance({"authorized_networks": [
		{"name": "office", "value": "203.0.113.0/24"},
		{"value": "0.0.0.0/0"},
	]}))
	_paths(results) == {"/settings/ip_configuration/authorized_networks/1/value"}
}

test_settings_as_array if {
	values := {"name": "orders", "settings": [{"ip_configuration": {"authorized_networks": {"value": "0.0.0.0/0"}}}]}
	results := p.deny with input as _tf(values)
	_paths(results) == {"/settings/0/ip_configuration/authorized_networks/value"}
}

test_ipv4_enabled_string if {
	results := p.deny with input as _tf(_instance({
		"ipv4_enabled": "true",
		"authorized_networks": {"value": "0.0.0.0/0"},
	}))
	count(results) == 1
}

test_restricted_networks if {
	results := p.deny with input as _tf(_instance({"authorized_networks": [
		{"name": "office", "value": "203.0.113.0/24"},
		{"name": "vpn", "value": "198.51.100.7/32"},
	]}))
	count(results) == 0
}

test_public_ip_disabled if {
	results := p.deny with input as _tf(_instance({
		"ipv4_enabled": false,
		"private_network": "${google_compute_network.main.id}",
		"authorized_networks": {"value": "0.0.0.0/0"},
	}))
	count(results) == 0
}

test_no_authorized_networks if {
	results := p.deny with input as _tf(_instance({"ipv4_enabled": true}))
	count(results) == 0
}

test_no_settings if {
	results := p.deny with input as _tf({"name": "orders"})
	count(results) == 0
}

test_unknown_values if {
	r1 := p.deny with input as _tf(_instance({"authorized_networks": {"value": "${var.cidr}"}}))
	count(r1) == 0
	r2 := p.deny with input as _tf(_instance({"authorized_networks": "${dynamic.authorized_networks}"}))
	count(r2) == 0
	r3 := p.deny with input as _tf(_instance({"ipv4_enabled": "${var.public}", "authorized_networks": {"value": "0.0.0.0/0"}}))
	count(r3) == 0
}

test_unknown_name_keeps_message_stable if {
	values := object.union(_instance({"authorized_networks": {"value": "0.0.0.0/0"}}), {"name": "${var.name}"})
	results := p.deny with input as _tf(values)
	some r in results
	startswith(r.msg, "The Cloud SQL instance authorizes 0.0.0.0/0:")
}

_pulumi(ip_config) := {"resource": {
	"address": "orders",
	"type": "gcp:sql/databaseInstance:DatabaseInstance",
	"name": "orders",
	"mode": "managed",
	"source": "pulumi",
	"values": {"databaseVersion": "POSTGRES_15", "settings": {"tier": "db-f1-micro", "ipConfiguration": ip_config}},
	"references": {},
	"unknown": [],
}}

test_pulumi_open_network if {
	results := p.deny with input as _pulumi({"authorizedNetworks": [
		{"name": "office", "value": "203.0.113.0/24"},
		{"name": "anyone", "value": "0.0.0.0/0"},
	]})
	_paths(results) == {"/settings/ipConfiguration/authorizedNetworks/1/value"}
}

test_pulumi_public_ip_disabled if {
	results := p.deny with input as _pulumi({"ipv4Enabled": false, "authorizedNetworks": [{"value": "0.0.0.0/0"}]})
	count(results) == 0
}

test_pulumi_restricted if {
	results := p.deny with input as _pulumi({"ipv4Enabled": true, "authorizedNetworks": [{"value": "198.51.100.7/32"}]})
	count(results) == 0
}
