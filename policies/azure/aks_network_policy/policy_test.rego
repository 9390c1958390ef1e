package vigil.azure.aks.network_policy_test

import data.vigil.azure.aks.network_policy as p
import rego.v1

_in(type, values) := {"resource": {"address": "aks", "type": type, "name": "aks", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_kubernetes_cluster", object.union({"name": "aks-prod", "dns_prefix": "prod"}, values))

_pulumi(values) := _in("azure:containerservice/kubernetesCluster:KubernetesCluster", object.union({"dnsPrefix": "prod"}, values))

_paths(results) := {r.path | some r in results}

test_tf_no_profile if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/network_profile/network_policy"}
	some r in results
	not r.fix
}

test_tf_profile_without_policy if {
	_paths(p.deny) == {"/network_profile/network_policy"} with input as _tf({"network_profile": {"network_plugin": "kubenet"}})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"network_profile": {"network_plugin": "azure", "network_policy": "azure"}})
	count(p.deny) == 0 with input as _tf({"network_profile": {"network_plugin": "kubenet", "network_policy": "calico"}})
	count(p.deny) == 0 with input as _tf({"network_profile": {"network_plugin": "azure", "network_data_plane": "cilium"}})
	count(p.deny) == 0 with input as _tf({"network_profile": {"network_plugin": "azure", "ebpf_data_plane": "cilium"}})
	count(p.deny) == 0 with input as _tf({"network_profile": {"network_plugin": "azure", "network_policy": "${var.network_policy}"}})
}

test_pulumi if {
	_paths(p.deny) == {"/networkProfile/networkPolicy"} with input as _pulumi({})
	_paths(p.deny) == {"/networkProfile/networkPolicy"} with input as _pulumi({"networkProfile": {"networkPlugin": "azure"}})
	count(p.deny) == 0 with input as _pulumi({"networkProfile": {"networkPlugin": "azure", "networkPolicy": "calico"}})
}
