package vigil.azure.aks.rbac_test

import data.vigil.azure.aks.rbac as p
import rego.v1

_in(type, values) := {"resource": {"address": "aks", "type": type, "name": "aks", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_kubernetes_cluster", object.union({"name": "aks-prod", "dns_prefix": "prod"}, values))

_pulumi(values) := _in("azure:containerservice/kubernetesCluster:KubernetesCluster", object.union({"dnsPrefix": "prod"}, values))

_paths(results) := {r.path | some r in results}

test_tf_disabled if {
	results := p.deny with input as _tf({"role_based_access_control_enabled": false})
	_paths(results) == {"/role_based_access_control_enabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/role_based_access_control_enabled", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_v2_block_disabled if {
	_paths(p.deny) == {"/role_based_access_control/enabled"} with input as _tf({"role_based_access_control": {"enabled": "false"}})
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({})
	count(p.deny) == 0 with input as _tf({"role_based_access_control_enabled": true})
	count(p.deny) == 0 with input as _tf({"role_based_access_control": {"enabled": true}})
}

test_pulumi if {
	_paths(p.deny) == {"/roleBasedAccessControlEnabled"} with input as _pulumi({"roleBasedAccessControlEnabled": false})
	_paths(p.deny) == {"/roleBasedAccessControl/enabled"} with input as _pulumi({"roleBasedAccessControl": {"enabled": false}})
	count(p.deny) == 0 with input as _pulumi({})
	count(p.deny) == 0 with input as _pulumi({"roleBasedAccessControlEnabled": true})
}
