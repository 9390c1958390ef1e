# METADATA
# title: AKS clusters disable local accounts
# description: Every AKS cluster has a local cluster-admin account whose static credentials (az aks get-credentials --admin) bypass Microsoft Entra ID, so they are not tied to a person, not subject to Conditional Access or MFA, and keep working after the person who fetched them leaves. azurerm and the Pulumi Azure classic provider default local_account_disabled to false, so a cluster that leaves it out is reported. Disabling local accounts needs Entra ID integration (azure_active_directory_role_based_access_control) to be configured first.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/manage-local-accounts-managed-azure-ad
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster
# custom:
#   id: VGL-AZURE-010
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_kubernetes_cluster, "azure:containerservice/kubernetesCluster:KubernetesCluster"]
#   controls:
#     NIST-800-53-r5: ["AC-2", "IA-2"]
#     PCI-DSS-4.0: ["8.2.1"]
#   aliases: [CKV_AZURE_141]
package vigil.azure.aks.local_accounts_disabled

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "azurerm_kubernetes_cluster", "path": "/local_account_disabled", "good": [true],
		"missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "This AKS cluster keeps its local admin account (local_account_disabled is {value}): its static credentials bypass Entra ID, MFA and Conditional Access. Set local_account_disabled = true once Entra ID integration is configured.",
	},
	{
		"type": "azure:containerservice/kubernetesCluster:KubernetesCluster", "path": "/localAccountDisabled", "good": [true],
		"missing": true, "fix": true, "fix_safety": "unsafe",
		"msg": "This AKS cluster keeps its local admin account (localAccountDisabled is {value}): its static credentials bypass Entra ID, MFA and Conditional Access. Set localAccountDisabled: true once Entra ID integration is configured.",
	},
]

deny contains result if some result in settings.check(_specs)
