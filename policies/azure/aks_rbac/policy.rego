# METADATA
# title: AKS clusters keep Kubernetes RBAC enabled
# description: With Kubernetes role-based access control turned off, every authenticated identity of an AKS cluster is effectively a cluster administrator, so a leaked kubeconfig or a compromised pod's service account token can read every secret and change every workload. azurerm (since 3.0) and the Pulumi Azure classic provider default role_based_access_control_enabled to true, so only a cluster that turns it off explicitly is reported (also the azurerm 2.x block role_based_access_control { enabled = false }). RBAC cannot be toggled on an existing cluster; changing it recreates the cluster.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/concepts-identity#kubernetes-rbac
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster
# custom:
#   id: VGL-AZURE-009
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_kubernetes_cluster, "azure:containerservice/kubernetesCluster:KubernetesCluster"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["7.2.1"]
#   aliases: [CKV_AZURE_5, AZU-0042]
package vigil.azure.aks.rbac

import data.vigil.lib.settings
import rego.v1

_tf := "azurerm_kubernetes_cluster"

_pulumi := "azure:containerservice/kubernetesCluster:KubernetesCluster"

_specs := [
	{
		"type": _tf, "path": "/role_based_access_control_enabled", "good": [true], "fix": true, "fix_safety": "unsafe",
		"msg": "This AKS cluster turns Kubernetes RBAC off (role_based_access_control_enabled is {value}): every authenticated identity can act as cluster administrator. Set role_based_access_control_enabled = true (the default; changing it recreates the cluster).",
	},
	{
		"type": _tf, "path": "/role_based_access_control/enabled", "good": [true], "fix": true, "fix_safety": "unsafe",
		"msg": "This AKS cluster turns Kubernetes RBAC off (role_based_access_control.enabled is {value}): every authenticated identity can act as cluster administrator. Set enabled = true (changing it recreates the cluster).",
	},
	{
		"type": _pulumi, "path": "/roleBasedAccessControlEnabled", "good": [true], "fix": true, "fix_safety": "unsafe",
		"msg": "This AKS cluster turns Kubernetes RBAC off (roleBasedAccessControlEnabled is {value}): every authenticated identity can act as cluster administrator. Set roleBasedAccessControlEnabled: true (the default; changing it recreates the cluster).",
	},
	{
		"type": _pulumi, "path": "/roleBasedAccessControl/enabled", "good": [true], "fix": true, "fix_safety": "unsafe",
		"msg": "This AKS cluster turns Kubernetes RBAC off (roleBasedAccessControl.enabled is {value}): every authenticated identity can act as cluster administrator. Set enabled: true (changing it recreates the cluster).",
	},
]

deny contains result if some result in settings.check(_specs)
