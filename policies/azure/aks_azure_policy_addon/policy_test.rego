package vigil.azure.aks.azure_policy_addon_test

import data.vigil.azure.aks.azure_policy_addon as p
import rego.v1

_in(type, values) := {"resource": {"address": "aks", "type": type, "name": "aks", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_kubernetes_cluster", object.union({"name": "aks-prod", "dns_prefix": "prod"}, values))

_pulumi(values) := _in("azure:containerservice/kubernetesCluster:KubernetesCluster", object.union({"dnsPrefix": "prod"}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/azure_policy_enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/azure_policy_enabled", "value": true}]
}

test_tf_false if {
	_paths(p.deny) == {"/azure_policy_enabled"} with input as _tf({"azure_policy_enabled": false})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"azure_policy_enabled": true})
	count(p.deny) == 0 with input as _tf({"addon_profile": {"azure_policy": {"enabled": true}}})
}

test_pulumi if {
	_paths(p.deny) == {"/azurePolicyEnabled"} with input as _pulumi({})
	count(p.deny) == 0 with input as _pulumi({"azurePolicyEnabled": true})
}
