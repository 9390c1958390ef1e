# METADATA
# title: AKS API servers accept connections only from authorized ranges
# description: A public AKS cluster whose API server has no authorized IP ranges accepts connections from the whole internet, so every credential leak, token theft or API server vulnerability is exploitable from anywhere. azurerm and the Pulumi Azure classic provider set no authorized ranges when they are omitted, so a public cluster without them is reported, as is one whose ranges include 0.0.0.0/0. Private clusters (private_cluster_enabled = true) are not reported. Set api_server_access_profile { authorized_ip_ranges = [...] } (api_server_authorized_ip_ranges before azurerm 3.39) to the networks of your administrators and pipelines, or make the cluster private.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#api_server_access_profile
# custom:
#   id: VGL-AZURE-013
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_kubernetes_cluster, "azure:containerservice/kubernetesCluster:KubernetesCluster"]
#   controls:
#     NIST-800-53-r5: ["AC-17", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_AZURE_6, AZU-0041]
package vigil.azure.aks.api_server_authorized_ranges

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"azurerm_kubernetes_cluster": {
		"private": "private_cluster_enabled", "profile": "api_server_access_profile",
		"ranges": "authorized_ip_ranges", "legacy": "api_server_authorized_ip_ranges",
	},
	"azure:containerservice/kubernetesCluster:KubernetesCluster": {
		"private": "privateClusterEnabled", "profile": "apiServerAccessProfile",
		"ranges": "authorizedIpRanges", "legacy": "apiServerAuthorizedIpRanges",
	},
}

_n := _names[input.resource.type]

_private if lib.is_true(_values[_n.private])

# The authorized ranges lists with their JSON Pointers: the profile's (one block) and
# the older top-level attribute.
_lists contains {"path": sprintf("/%s/%s", [_n.profile, _n.ranges]), "value": v} if {
	v := _values[_n.profile][_n.ranges]
	v != null
}

_lists contains {"path": sprintf("/%s/0/%s", [_n.profile, _n.ranges]), "value": v} if {
	v := _values[_n.profile][0][_n.ranges]
	v != null
}

_lists contains {"path": sprintf("/%s", [_n.legacy]), "value": v} if {
	v := _values[_n.legacy]
	v != null
}

# A list with at least one element, or one not known until apply.
_restricted if {
	some l in _lists
	not _empty(l.value)
}

_empty(v) if v == []

deny contains result if {
	not _private
	not _restricted
	result := {
		"msg": sprintf(
			"AKS cluster \"%s\" has a public API server with no authorized IP ranges, so it accepts connections from the whole internet. Set %s { %s = [...] } to the networks that administer the cluster, or set %s = true.",
			[input.resource.name, _n.profile, _n.ranges, _n.private],
		),
		"path": sprintf("/%s/%s", [_n.profile, _n.ranges]),
	}
}

deny contains result if {
	not _private
	some l in _lists
	is_array(l.value)
	some i, cidr in l.value
	is_string(cidr)
	trim_space(cidr) in {"0.0.0.0/0", "::/0", "*"}
	result := {
		"msg": sprintf(
			"AKS cluster \"%s\" authorizes \"%s\" on its API server, which admits the whole internet. List only the networks that administer the cluster.",
			[input.resource.name, cidr],
		),
		"path": sprintf("%s/%d", [l.path, i]),
	}
}
