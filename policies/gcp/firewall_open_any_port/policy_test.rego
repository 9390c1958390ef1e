package vigil.gcp.compute.firewall_open_any_port_test

import data.vigil.gcp.compute.firewall_open_any_port as p
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

_tf(allow, ranges) := _res("google_compute_firewall", "terraform", {"name": "rule", "network": "default", "allow": allow, "source_ranges": ranges})

_paths(results) := {r.path | some r in results}

test_database_port if {
	results := p.deny with input as _tf({"protocol": "tcp", "ports": ["5432"]}, ["0.0.0.0/0"])
	_paths(results) == {"/source_ranges/0"}
	some r in results
	contains(r.msg, "TCP 5432")
	contains(r.msg, "\"rule\"")
}

test_all_protocols if {
	results := p.deny with input as _tf({"protocol": "all"}, ["10.0.0.0/8", "::/0"])
	_paths(results) == {"/source_ranges/1"}
	some r in results
	contains(r.msg, "all protocols and ports")
}

test_tcp_without_ports if {
	results := p.deny with input as _tf([{"protocol": "icmp"}, {"protocol": "tcp"}], ["0.0.0.0/0"])
	some r in results
	contains(r.msg, "every TCP port")
}

test_range if {
	results := p.deny with input as _tf({"protocol": "tcp", "ports": ["443", "8000-8100"]}, ["0.0.0.0/0"])
	some r in results
	contains(r.msg, "TCP 8000-8100")
	not contains(r.msg, "TCP 443")
}

test_web_ports_only if {
	count(p.deny) == 0 with input as _tf({"protocol": "tcp", "ports": ["80", "443"]}, ["0.0.0.0/0"])
	count(p.deny) == 0 with input as _tf([{"protocol": "tcp", "ports": [443]}, {"protocol": "udp", "ports": ["443"]}, {"protocol": "icmp"}], ["0.0.0.0/0"])
}

test_ssh_rdp_only_left_to_003 if {
	count(p.deny) == 0 with input as _tf({"protocol": "tcp", "ports": ["22", "3389", "443"]}, ["0.0.0.0/0"])
}

test_restricted_source if {
	count(p.deny) == 0 with input as _tf({"protocol": "tcp", "ports": ["5432"]}, ["10.0.0.0/8"])
	count(p.deny) == 0 with input as _tf({"protocol": "tcp", "ports": ["5432"]}, ["${var.cidr}"])
}

test_egress_and_disabled if {
	egress := _res("google_compute_firewall", "terraform", {"direction": "EGRESS", "allow": {"protocol": "all"}, "source_ranges": ["0.0.0.0/0"]})
	count(p.deny) == 0 with input as egress
	off := _res("google_compute_firewall", "terraform", {"disabled": true, "allow": {"protocol": "all"}, "source_ranges": ["0.0.0.0/0"]})
	count(p.deny) == 0 with input as off
}

test_pulumi if {
	results := p.deny with input as _res("gcp:compute/firewall:Firewall", "pulumi", {"allows": [{"protocol": "udp", "ports": ["53"]}], "sourceRanges": ["0.0.0.0/0"]})
	_paths(results) == {"/sourceRanges/0"}
	some r in results
	startswith(r.msg, "The firewall rule")
}

test_pulumi_web if {
	count(p.deny) == 0 with input as _res("gcp:compute/firewall:Firewall", "pulumi", {"allows": [{"protocol": "tcp", "ports": ["443"]}], "sourceRanges": ["0.0.0.0/0"]})
}
