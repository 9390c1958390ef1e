package vigil.gcp.compute.firewall_open_ssh_rdp_test

import data.vigil.gcp.compute.firewall_open_ssh_rdp as p
import rego.v1

_tf(values) := {"resource": {
	"address": "google_compute_firewall.this",
	"type": "google_compute_firewall",
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

_base := {
	"name": "allow-ssh",
	"network": "default",
	"source_ranges": ["0.0.0.0/0"],
	"allow": {"protocol": "tcp", "ports": ["22"]},
}

# The base rule with some attributes replaced (not merged: object.union is deep).
_fw(overrides) := object.union({k: v | some k, v in _base; not _has(overrides, k)}, overrides)

_has(obj, key) if _ = obj[key]

test_ssh_from_anywhere if {
	results := p.deny with input as _tf(_fw({}))
	_paths(results) == {"/source_ranges/0"}
	some r in results
	contains(r.msg, "SSH (TCP 22)")
	contains(r.msg, "\"allow-ssh\"")
}

test_rdp_in_range_ipv6 if {
	results := p.deny with input as _tf(_fw({
		"source_ranges": ["10.0.0.0/8", "::/0"],
		"allow": {"protocol": "tcp", "ports": ["80", "3000-4000"]},
	}))
	_paths(results) == {"/source_ranges/1"}
	some r in results
	contains(r.msg, "RDP (TCP 3389)")
	not contains(r.msg, "SSH")
}

test_tcp_without_ports_is_every_port if {
	results := p.deny with input as _tf(_fw({"allow": {"protocol": "tcp"}}))
	some r in results
	contains(r.msg, "SSH (TCP 22) and RDP (TCP 3389)")
}

test_tcp_with_empty_ports_is_every_port if {
	results := p.deny with input as _tf(_fw({"allow": {"protocol": "tcp", "ports": []}}))
	count(results) == 1
}

test_all_protocols if {
	results := p.deny with input as _tf(_fw({"allow": {"protocol": "all"}}))
	count(results) == 1
}

test_protocol_number if {
	results := p.deny with input as _tf(_fw({"allow": {"protocol": "6", "ports": [22]}}))
	count(results) == 1
}

test_repeated_allow_blocks if {
	results := p.deny with input as _tf(_fw({"allow": [
		{"protocol": "icmp"},
		{"protocol": "udp", "ports": ["22"]},
		{"protocol": "tcp", "ports": ["443", "3389"]},
	]}))
	_paths(results) == {"/source_ranges/0"}
	some r in results
	contains(r.msg, "RDP")
}

test_explicit_ingress if {
	results := p.deny with input as _tf(_fw({"direction": "INGRESS"}))
	count(results) == 1
}

test_egress if {
	results := p.deny with input as _tf(_fw({"direction": "EGRESS", "destination_ranges": ["0.0.0.0/0"]}))
	count(results) == 0
}

test_disabled if {
	results := p.deny with input as _tf(_fw({"disabled": true}))
	count(results) == 0
	results2 := p.deny with input as _tf(_fw({"disabled": "true"}))
	count(results2) == 0
}

test_explicitly_enabled if {
	results := p.deny with input as _tf(_fw({"disabled": false}))
	count(results) == 1
}

test_restricted_source if {
	results := p.deny with input as _tf(_fw({"source_ranges": ["35.235.240.0/20"]}))
	count(results) == 0
}

test_source_tags_only if {
	values := {"name": "internal", "network": "default", "source_tags": ["bastion"], "allow": {"protocol": "tcp", "ports": ["22"]}}
	results := p.deny with input as _tf(values)
	count(results) == 0
}

test_other_ports if {
	results := p.deny with input as _tf(_fw({"allow": {"protocol": "tcp", "ports": ["80", "443", "23-3388"]}}))
	count(results) == 0
}

test_udp_only if {
	results := p.deny with input as _tf(_fw({"allow": {"protocol": "udp"}}))
	count(results) == 0
}

test_deny_block_only if {
	values := {"name": "deny-ssh", "network": "default", "source_ranges": ["0.0.0.0/0"], "deny": {"protocol": "tcp", "ports": ["22"]}}
	results := p.deny with input as _tf(values)
	count(results) == 0
}

test_unknown_values if {
	r1 := p.deny with input as _tf(_fw({"source_ranges": "${var.ranges}"}))
	count(r1) == 0
	r2 := p.deny with input as _tf(_fw({"source_ranges": ["${var.cidr}"]}))
	count(r2) == 0
	r3 := p.deny with input as _tf(_fw({"allow": {"protocol": "tcp", "ports": "${var.ports}"}}))
	count(r3) == 0
	r4 := p.deny with input as _tf(_fw({"disabled": "${var.disabled}"}))
	count(r4) == 0
	r5 := p.deny with input as _tf(_fw({"direction": "${var.direction}"}))
	count(r5) == 0
	r6 := p.deny with input as _tf(_fw({"allow": "${dynamic.allow}"}))
	count(r6) == 0
}

test_overlapping_allow_blocks_name_each_service_once if {
	results := p.deny with input as _tf(_fw({"allow": [
		{"protocol": "tcp", "ports": ["22"]},
		{"protocol": "all"},
	]}))
	count(results) == 1
	some r in results
	contains(r.msg, " to SSH (TCP 22) and RDP (TCP 3389):")
}

_pulumi(values) := {"resource": {
	"address": "sshRule",
	"type": "gcp:compute/firewall:Firewall",
	"name": "sshRule",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

test_pulumi_ssh_from_anywhere if {
	results := p.deny with input as _pulumi({
		"network": "default",
		"allows": [{"protocol": "tcp", "ports": ["22"]}],
		"sourceRanges": ["10.0.0.0/8", "0.0.0.0/0"],
	})
	_paths(results) == {"/sourceRanges/1"}
	some r in results
	contains(r.msg, "sourceRanges")
}

test_pulumi_web_only if {
	results := p.deny with input as _pulumi({
		"network": "default",
		"allows": [{"protocol": "tcp", "ports": ["80", "443"]}],
		"sourceRanges": ["0.0.0.0/0"],
	})
	count(results) == 0
}

test_pulumi_egress if {
	results := p.deny with input as _pulumi({
		"network": "default",
		"direction": "EGRESS",
		"allows": [{"protocol": "all"}],
		"sourceRanges": ["0.0.0.0/0"],
	})
	count(results) == 0
}
