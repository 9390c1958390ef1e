# METADATA
# title: Namespaces enforce a Pod Security Standard
# description: Pod Security admission enforces the Pod Security Standards per namespace, through the label pod-security.kubernetes.io/enforce. Without it a namespace admits whatever the cluster-wide default allows, which is privileged (no checks) unless the cluster administrator configured otherwise, so privileged pods, host namespaces and hostPath mounts are all accepted. Label each namespace with enforce set to baseline, or restricted where the workloads allow it. Namespaces whose names start with kube- are left out, and enforce set to privileged is reported like a missing label.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-admission/
#   - https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/namespace_v1#labels
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/namespace/
# custom:
#   id: VGL-K8S-042
#   severity: medium
#   enforcement: advisory
#   resources:
#     - Namespace
#     - kubernetes_namespace
#     - kubernetes_namespace_v1
#     - "kubernetes:core/v1:Namespace"
#     - kubernetes_manifest
#   controls:
#     CIS-Kubernetes-1.9: ["5.2.1"]
#     NIST-800-53-r5: ["CM-6", "CM-7"]
package vigil.kubernetes.namespace_pod_security_admission

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"Namespace"}

_label := "pod-security.kubernetes.io/enforce"

_escaped := "pod-security.kubernetes.io~1enforce"

_metadata := m if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	is_object(m.value)
}

# Namespaces named kube-* are the cluster's own; a name known only at apply time is
# not judged. Pulumi names a namespace without a name itself.
_applies if {
	_metadata
	not _excluded
}

_excluded if startswith(_metadata.value.name, "kube-")

_excluded if contains(_metadata.value.name, "${")

_name := n if {
	n := _metadata.value.name
	is_string(n)
}

_name := input.resource.name if not is_string(_metadata.value.name)

# Labels written as a map (not known when computed).
_labels_unknown if {
	l := _metadata.value.labels
	not is_object(l)
	l != null
}

# No label.
deny contains result if {
	_applies
	not _labels_unknown
	m := _metadata
	not _has_label(m.value)
	result := {
		"msg": sprintf(
			"Namespace \"%s\" has no %s label, so Pod Security admission applies only the cluster default, which admits privileged pods unless the cluster is configured otherwise. Label it with %s set to baseline (or restricted).",
			[_name, _label, _label],
		),
		"path": _anchor(m),
		"fix": [_add_label(m)],
		"fix_safety": "unsafe",
	}
}

# No metadata at all (a Pulumi Namespace that Pulumi names).
deny contains result if {
	root := _root
	not lib.has_key(root.value, "metadata")
	result := {
		"msg": sprintf(
			"Namespace \"%s\" has no %s label, so Pod Security admission applies only the cluster default, which admits privileged pods unless the cluster is configured otherwise. Label it with %s set to baseline (or restricted).",
			[input.resource.name, _label, _label],
		),
		"path": root.path,
		"fix": [{"op": "add", "path": sprintf("%s/metadata", [root.path]), "value": {"labels": {_label: "baseline"}}}],
		"fix_safety": "unsafe",
	}
}

# Set to privileged.
deny contains result if {
	_applies
	m := _metadata
	v := m.value.labels[_label]
	is_string(v)
	lower(trim_space(v)) == "privileged"
	path := sprintf("%s/labels/%s", [m.path, _escaped])
	result := {
		"msg": sprintf(
			"Namespace \"%s\" sets %s to privileged, so Pod Security admission admits any pod in it: privileged containers, host namespaces and hostPath mounts. Set it to baseline (or restricted), and move the workloads that need more to a namespace of their own.",
			[_name, _label],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "baseline"}],
		"fix_safety": "unsafe",
	}
}

_has_label(meta) if {
	v := meta.labels[_label]
	v != null
}

_anchor(m) := sprintf("%s/labels", [m.path]) if is_object(m.value.labels)

_anchor(m) := m.path if not is_object(m.value.labels)

_add_label(m) := {"op": "add", "path": sprintf("%s/labels/%s", [m.path, _escaped]), "value": "baseline"} if {
	is_object(m.value.labels)
}

_add_label(m) := object.union(
	{"op": "add", "path": sprintf("%s/labels", [m.path]), "value": {_label: "baseline"}},
	_hcl_attribute,
) if {
	not is_object(m.value.labels)
}

# labels is a map attribute in HCL, in the provider's schema and in a kubernetes_manifest.
_hcl_attribute := {"hcl": "attribute"} if startswith(input.resource.type, "kubernetes_")

_hcl_attribute := {} if not startswith(input.resource.type, "kubernetes_")
