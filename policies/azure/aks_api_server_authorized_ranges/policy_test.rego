package vigil.azure.aks.api_server_authorized_ranges_test

import data.vigil.azure.aks.api_server_authorized_ranges as p
import rego.v1

_in(type, values) := {"resource": {"address": "aks", "type": type, "name": "aks", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_kubernetes_cluster", object.union({"name": "aks-prod", "dns_prefix": "prod"}, values))

_pulumi(values) := _in("azure:containerservice/kubernetesCluster:KubernetesCluster", object.union({"dnsPrefix": "prod"}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	_paths(p.deny) == {"/api_server_access_profile/authorized_ip_ranges"} with input as _tf({})
	_paths(p.deny) == {"/api_server_access_profile/authorized_ip_ranges"} with input as _tf({"api_server_access_profile": {"authorized_ip_ranges": []}})
	_paths(p.deny) == {"/api_server_access_profile/authorized_ip_ranges"} with input as _tf({"api_server_authorized_ip_ranges": []})
}

test_tf_open_range if {
	_paths(p.deny) == {"/api_server_access_profile/authorized_ip_ranges/1"} with input as _tf({"api_server_access_profile": {"authorized_ip_ranges": ["203.0.113.0/24", "0.0.0.0/0"]}})
	_paths(p.deny) == {"/api_server_authorized_ip_ranges/0"} with input as _tf({"api_server_authorized_ip_ranges": ["0.0.0.0/0"]})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"api_server_access_profile": {"authorized_ip_ranges": ["203.0.113.0/24"]}})
	count(p.deny) == 0 with input as _tf({"api_server_authorized_ip_ranges": ["203.0.113.0/24"]})
	count(p.deny) == 0 with input as _tf({"private_cluster_enabled": true})
	count(p.deny) == 0 with input as _tf({"api_server_access_profile": {"authorized_ip_ranges": "${var.ranges}"}})
}

test_pulumi if {
	_paths(p.deny) == {"/apiServerAccessProfile/authorizedIpRanges"} with input as _pulumi({})
	_paths(p.deny) == {"/apiServerAccessProfile/authorizedIpRanges/0"} with input as _pulumi({"apiServerAccessProfile": {"authorizedIpRanges": ["0.0.0.0/0"]}})
	count(p.deny) == 0 with input as _pulumi({"apiServerAccessProfile": {"authorizedIpRanges": ["203.0.113.0/24"]}})
	count(p.deny) == 0 with input as _pulumi({"privateClusterEnabled": true})
}
