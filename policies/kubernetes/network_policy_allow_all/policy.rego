# METADATA
# title: NetworkPolicies do not allow all traffic
# description: An ingress rule without `from` and without `ports` (written `- {}` in a manifest, an empty ingress block in Terraform) allows every source, any pod of any namespace and any external address, on every port; an egress rule without `to` and `ports` allows every destination. Such a rule cancels the isolation that selecting the pods gave them, and often sits forgotten next to the narrow rules it overrides. List the peers (podSelector, namespaceSelector, ipBlock) and ports that are needed, or delete the policy if the pods really must be open.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/network_policy_v1#ingress
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/networking/v1/networkpolicy/
# custom:
#   id: VGL-K8S-052
#   severity: medium
#   enforcement: advisory
#   resources:
#     - networking.k8s.io/NetworkPolicy
#     - kubernetes_network_policy
#     - kubernetes_network_policy_v1
#     - "kubernetes:networking.k8s.io/v1:NetworkPolicy"
#     - "kubernetes:extensions/v1beta1:NetworkPolicy"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.3.2"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
package vigil.kubernetes.network_policy_allow_all

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type == "networking.k8s.io/NetworkPolicy"

_directions := {
	"ingress": {"peers": "from", "what": "every source (any pod, any namespace, any external address)"},
	"egress": {"peers": "to", "what": "every destination (any pod, any namespace, any external address)"},
}

deny contains result if {
	some spec in lib.block_entries(_root.value, "spec", _root.path)
	is_object(spec.value)
	some direction, d in _directions
	some rule in lib.block_entries(spec.value, direction, spec.path)
	is_object(rule.value)
	_empty(rule.value, d.peers)
	_empty(rule.value, "ports")
	result := {
		"msg": sprintf(
			"This NetworkPolicy has an %s rule with neither %s nor ports, which allows %s on every port and cancels the isolation of the pods it selects. List the peers and ports that are needed.",
			[direction, d.peers, d.what],
		),
		"path": rule.path,
	}
}

# Missing, null or an empty list (a value not known here is not empty).
_empty(obj, key) if not lib.has_key(obj, key)

_empty(obj, key) if obj[key] == null

_empty(obj, key) if obj[key] == []
