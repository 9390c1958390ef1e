# METADATA
# title: AKS clusters run the Azure Policy add-on
# description: The Azure Policy add-on runs Gatekeeper in the cluster and applies Azure Policy assignments to Kubernetes objects, so that baseline rules (no privileged containers, allowed registries, required limits) are enforced and reported centrally instead of trusted to every manifest. azurerm (3.0 and later) and the Pulumi Azure classic provider default azure_policy_enabled to false, so a cluster that leaves it out is reported; clusters written for azurerm 2.x with addon_profile { azure_policy { enabled = true } } are accepted. This is a hardening recommendation.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/governance/policy/concepts/policy-for-kubernetes
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster
# custom:
#   id: VGL-AZURE-011
#   severity: low
#   enforcement: advisory
#   resources: [azurerm_kubernetes_cluster, "azure:containerservice/kubernetesCluster:KubernetesCluster"]
#   controls:
#     NIST-800-53-r5: ["CM-6", "CM-7"]
#   aliases: [CKV_AZURE_116, AZU-0066]
package vigil.azure.aks.azure_policy_addon

import data.vigil.lib
import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_kubernetes_cluster", "path": "/azure_policy_enabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "This AKS cluster does not run the Azure Policy add-on (azure_policy_enabled is {value}), so no central policy enforces baseline rules on its workloads. Set azure_policy_enabled = true.",
	},
	{
		"type": "azure:containerservice/kubernetesCluster:KubernetesCluster", "path": "/azurePolicyEnabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "This AKS cluster does not run the Azure Policy add-on (azurePolicyEnabled is {value}), so no central policy enforces baseline rules on its workloads. Set azurePolicyEnabled: true.",
	},
]

# azurerm 2.x (Pulumi Azure v4): addon_profile { azure_policy { enabled = true } }.
_v2_enabled if lib.is_true(input.resource.values.addon_profile.azure_policy.enabled)

_v2_enabled if lib.is_true(input.resource.values.addonProfile.azurePolicy.enabled)

deny contains result if {
	not _v2_enabled
	some result in settings.check(_specs)
}
