# METADATA
# title: AKS clusters enforce Kubernetes network policies
# description: Without a network policy engine, Kubernetes NetworkPolicy objects are accepted but not enforced, so every pod can reach every other pod and a single compromised workload can move laterally across namespaces. azurerm and the Pulumi Azure classic provider set no network policy engine when network_profile.network_policy is omitted, so a cluster without one is reported. Clusters on the Cilium data plane (network_data_plane = "cilium", or ebpf_data_plane in azurerm 3.x) enforce policies through Cilium and are accepted. Choose network_policy = "azure", "calico" or "cilium" to match the network plugin; the engine is chosen when the cluster is created.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/use-network-policies
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#network_policy
# custom:
#   id: VGL-AZURE-012
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_kubernetes_cluster, "azure:containerservice/kubernetesCluster:KubernetesCluster"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.2.1"]
#   aliases: [CKV_AZURE_7, AZU-0043]
package vigil.azure.aks.network_policy

import rego.v1

_values := input.resource.values

_names := {
	"azurerm_kubernetes_cluster": {"profile": "network_profile", "policy": "network_policy", "planes": ["network_data_plane", "ebpf_data_plane"]},
	"azure:containerservice/kubernetesCluster:KubernetesCluster": {"profile": "networkProfile", "policy": "networkPolicy", "planes": ["networkDataPlane", "ebpfDataPlane"]},
}

_n := _names[input.resource.type]

_profile := _values[_n.profile] if is_object(_values[_n.profile])

_profile := _values[_n.profile][0] if is_array(_values[_n.profile])

_profile_path := sprintf("/%s", [_n.profile]) if is_object(_values[_n.profile])

_profile_path := sprintf("/%s/0", [_n.profile]) if is_array(_values[_n.profile])

_cilium_data_plane if {
	some key in _n.planes
	is_string(_profile[key])
	lower(_profile[key]) == "cilium"
}

_no_profile if object.get(_values, _n.profile, null) == null

_no_profile if _values[_n.profile] == []

_msg := sprintf(
	"AKS cluster \"%s\" has no network policy engine (%s.%s is not set), so NetworkPolicy objects are not enforced and every pod can reach every other pod. Set %s to \"azure\", \"calico\" or \"cilium\", matching the network plugin.",
	[input.resource.name, _n.profile, _n.policy, _n.policy],
)

deny contains {"msg": _msg, "path": sprintf("/%s/%s", [_n.profile, _n.policy])} if _no_profile

deny contains {"msg": _msg, "path": sprintf("%s/%s", [_profile_path, _n.policy])} if {
	object.get(_profile, _n.policy, null) == null
	not _cilium_data_plane
}

deny contains result if {
	policy := _profile[_n.policy]
	is_string(policy)
	not lower(policy) in {"azure", "calico", "cilium"}
	not contains(policy, "${")
	result := {
		"msg": sprintf(
			"AKS cluster \"%s\" sets %s to \"%s\", which enforces no NetworkPolicy: every pod can reach every other pod. Set %s to \"azure\", \"calico\" or \"cilium\".",
			[input.resource.name, _n.policy, policy, _n.policy],
		),
		"path": sprintf("%s/%s", [_profile_path, _n.policy]),
	}
}
