# METADATA
# title: Namespaces have a NetworkPolicy
# description: Kubernetes lets every pod talk to every other pod, in every namespace, until a NetworkPolicy selects it; a namespace without one has no network segmentation at all, so one compromised pod can reach every service in the cluster and be reached from all of them. Give each namespace at least a default-deny policy (podSelector {} with Ingress and Egress types) and allow the flows it needs. A Namespace is reported when the same Terraform module or Pulumi program defines no NetworkPolicy in it. Manifests are read one file at a time, and policies often live in other files, so a Namespace of a manifest file is reported only when that file defines NetworkPolicies for other namespaces but none for it. A policy whose namespace is not known, or refers to the Namespace, counts.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/network_policy_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/networking/v1/networkpolicy/
# custom:
#   id: VGL-K8S-031
#   severity: medium
#   enforcement: advisory
#   resources:
#     - Namespace
#     - kubernetes_namespace
#     - kubernetes_namespace_v1
#     - "kubernetes:core/v1:Namespace"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.3.2"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
package vigil.kubernetes.namespace_network_policy

import data.vigil.lib
import data.vigil.lib.input_referrers
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"Namespace"}

_network_policy_types := {
	"networking.k8s.io/NetworkPolicy",
	"kubernetes_network_policy",
	"kubernetes_network_policy_v1",
	"kubernetes:networking.k8s.io/v1:NetworkPolicy",
	"kubernetes:extensions/v1beta1:NetworkPolicy",
}

_name := n if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	n := m.value.name
	is_string(n)
	n != ""
}

_name_path := sprintf("%s/name", [m.path]) if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
}

deny contains result if {
	name := _name
	not contains(name, "${")
	not startswith(name, "kube-")
	not _covered(name)
	_judged
	result := {
		"msg": sprintf(
			"No NetworkPolicy is defined in namespace \"%s\", so its pods accept traffic from, and can reach, every pod in the cluster. Add a default-deny NetworkPolicy (podSelector {} with Ingress and Egress policy types) in it and allow the flows its workloads need.",
			[name],
		),
		"path": _name_path,
	}
}

# Manifest files: only when the file manages NetworkPolicies at all.
_judged if input.resource.source != "kubernetes"

_judged if {
	input.resource.source == "kubernetes"
	count(lib.stack_resources("networking.k8s.io/NetworkPolicy")) > 0
}

# A NetworkPolicy that refers to this Namespace (Terraform, Pulumi).
_covered(_) if {
	some ref in input_referrers
	ref.type in _network_policy_types
}

# A kubernetes_manifest NetworkPolicy that refers to this Namespace.
_covered(_) if {
	some ref in input_referrers
	ref.type == "kubernetes_manifest"
	r := lib.stack_resource_at("kubernetes_manifest", ref.address)
	r.values.manifest.kind == "NetworkPolicy"
}

_covered(name) if {
	some ns in _policy_namespaces
	_matches(ns, name)
}

_matches(ns, name) if ns.name == name

# A namespace known only at apply time that does not come from another resource
# (a variable): it might be this one.
_matches(ns, _) if {
	not ns.referenced
	is_string(ns.name)
	contains(ns.name, "${")
}

# The namespaces of the stack's NetworkPolicies, and whether they are written as a
# reference to another resource (then input_referrers says which). Without a
# namespace, a manifest or Pulumi policy goes to the namespace the tool is pointed at
# (not known here: it counts); the Terraform provider uses "default".
_policy_namespaces contains _entry(r, "${namespace}") if {
	some r in lib.stack_resources("networking.k8s.io/NetworkPolicy")
}

_policy_namespaces contains _entry(r, "${namespace}") if {
	some r in lib.stack_resources("kubernetes:networking.k8s.io/v1:NetworkPolicy")
}

_policy_namespaces contains _entry(r, "${namespace}") if {
	some r in lib.stack_resources("kubernetes:extensions/v1beta1:NetworkPolicy")
}

_policy_namespaces contains _entry(r, "default") if {
	some r in lib.stack_resources("kubernetes_network_policy_v1")
}

_policy_namespaces contains _entry(r, "default") if {
	some r in lib.stack_resources("kubernetes_network_policy")
}

_policy_namespaces contains ns if {
	some r in lib.stack_resources("kubernetes_manifest")
	r.values.manifest.kind == "NetworkPolicy"
	ns := {
		"name": object.get(object.get(r.values.manifest, "metadata", {}), "namespace", "default"),
		"referenced": count(object.get(object.get(r, "references", {}), "/manifest/metadata/namespace", [])) > 0,
	}
}

_entry(r, default_namespace) := {
	"name": object.get(_metadata(r), "namespace", default_namespace),
	"referenced": count(object.get(object.get(r, "references", {}), "/metadata/namespace", [])) > 0,
}

_metadata(r) := r.values.metadata if is_object(r.values.metadata)

_metadata(r) := r.values.metadata[0] if is_array(r.values.metadata)

_metadata(r) := {} if not r.values.metadata
