package vigil.azure.aks.local_accounts_disabled_test

import data.vigil.azure.aks.local_accounts_disabled as p
import rego.v1

_in(type, values) := {"resource": {"address": "aks", "type": type, "name": "aks", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_kubernetes_cluster", object.union({"name": "aks-prod", "dns_prefix": "prod"}, values))

_pulumi(values) := _in("azure:containerservice/kubernetesCluster:KubernetesCluster", object.union({"dnsPrefix": "prod"}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/local_account_disabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/local_account_disabled", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	_paths(p.deny) == {"/local_account_disabled"} with input as _tf({"local_account_disabled": false})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"local_account_disabled": true})
}

test_pulumi if {
	_paths(p.deny) == {"/localAccountDisabled"} with input as _pulumi({})
	_paths(p.deny) == {"/localAccountDisabled"} with input as _pulumi({"localAccountDisabled": false})
	count(p.deny) == 0 with input as _pulumi({"localAccountDisabled": true})
}
