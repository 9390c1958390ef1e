package vigil.gcp.gke.master_authorized_networks_test

import data.vigil.gcp.gke.master_authorized_networks as p
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

_tf(values) := _res("google_container_cluster", "terraform", values)

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({"name": "c"})
	_paths(results) == {"/master_authorized_networks_config"}
}

test_tf_open_block if {
	results := p.deny with input as _tf({"master_authorized_networks_config": {"cidr_blocks": [
		{"cidr_block": "203.0.113.0/24", "display_name": "office"},
		{"cidr_block": "0.0.0.0/0", "display_name": "all"},
	]}})
	_paths(results) == {"/master_authorized_networks_config/cidr_blocks/1/cidr_block"}
}

test_tf_restricted if {
	count(p.deny) == 0 with input as _tf({"master_authorized_networks_config": {"cidr_blocks": {"cidr_block": "10.0.0.0/8"}}})
	count(p.deny) == 0 with input as _tf({"master_authorized_networks_config": {}})
}

test_tf_private_endpoint if {
	count(p.deny) == 0 with input as _tf({"private_cluster_config": {"enable_private_nodes": true, "enable_private_endpoint": true}})
	count(p.deny) == 0 with input as _tf({"control_plane_endpoints_config": {"ip_endpoints_config": {"enabled": false}}})
	count(p.deny) == 0 with input as _tf({"private_cluster_config": {"enable_private_endpoint": "${var.private_endpoint}"}})
}

test_tf_private_nodes_public_endpoint if {
	results := p.deny with input as _tf({"private_cluster_config": {"enable_private_nodes": true, "enable_private_endpoint": false}})
	count(results) == 1
}

test_pulumi_missing if {
	results := p.deny with input as _res("gcp:container/cluster:Cluster", "pulumi", {"location": "us-central1"})
	_paths(results) == {"/masterAuthorizedNetworksConfig"}
}

test_pulumi_open if {
	results := p.deny with input as _res("gcp:container/cluster:Cluster", "pulumi", {"masterAuthorizedNetworksConfig": {"cidrBlocks": [{"cidrBlock": "0.0.0.0/0"}]}})
	_paths(results) == {"/masterAuthorizedNetworksConfig/cidrBlocks/0/cidrBlock"}
}

test_pulumi_restricted if {
	count(p.deny) == 0 with input as _res("gcp:container/cluster:Cluster", "pulumi", {"masterAuthorizedNetworksConfig": {"cidrBlocks": [{"cidrBlock": "10.0.0.0/8"}]}})
}
