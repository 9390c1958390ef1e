# METADATA
# title: Containers run with a seccomp profile
# description: Seccomp filters the system calls a container may make. Without a profile (and unless the kubelet turns on seccomp by default) a container runs Unconfined, so every system call, including the rarely needed ones that kernel exploits and container escapes rely on, is open to code that gets into it. The restricted Pod Security Standard requires seccompProfile.type RuntimeDefault or Localhost, set on the pod (for all its containers) or on each container, a container's own setting overriding the pod's. This is the restricted rule, and it flags containers that get no profile from either level. An explicit Unconfined, on the pod or a container, is VGL-K8S-056's (the baseline rule), so it is not reported here a second time (nor are the containers that inherit a pod's Unconfined); Windows pods are skipped, and so are containers that still use the deprecated seccomp annotations with a confining profile (move those to the field). RuntimeDefault blocks few system calls that applications use, but test workloads that do low-level work.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-010
#   severity: low
#   enforcement: advisory
#   resources:
#     - Pod
#     - apps/Deployment
#     - apps/StatefulSet
#     - apps/DaemonSet
#     - apps/ReplicaSet
#     - batch/Job
#     - batch/CronJob
#     - ReplicationController
#     - kubernetes_pod
#     - kubernetes_pod_v1
#     - kubernetes_deployment
#     - kubernetes_deployment_v1
#     - kubernetes_stateful_set
#     - kubernetes_stateful_set_v1
#     - kubernetes_daemonset
#     - kubernetes_daemon_set_v1
#     - kubernetes_job
#     - kubernetes_job_v1
#     - kubernetes_cron_job
#     - kubernetes_cron_job_v1
#     - kubernetes_replication_controller
#     - kubernetes_replication_controller_v1
#     - "kubernetes:core/v1:Pod"
#     - "kubernetes:apps/v1:Deployment"
#     - "kubernetes:apps/v1beta1:Deployment"
#     - "kubernetes:apps/v1beta2:Deployment"
#     - "kubernetes:extensions/v1beta1:Deployment"
#     - "kubernetes:apps/v1:StatefulSet"
#     - "kubernetes:apps/v1beta1:StatefulSet"
#     - "kubernetes:apps/v1beta2:StatefulSet"
#     - "kubernetes:apps/v1:DaemonSet"
#     - "kubernetes:apps/v1beta2:DaemonSet"
#     - "kubernetes:extensions/v1beta1:DaemonSet"
#     - "kubernetes:apps/v1:ReplicaSet"
#     - "kubernetes:apps/v1beta2:ReplicaSet"
#     - "kubernetes:extensions/v1beta1:ReplicaSet"
#     - "kubernetes:batch/v1:Job"
#     - "kubernetes:batch/v1:CronJob"
#     - "kubernetes:batch/v1beta1:CronJob"
#     - "kubernetes:batch/v2alpha1:CronJob"
#     - "kubernetes:core/v1:ReplicationController"
#     - kubernetes_manifest
#   controls:
#     Kubernetes-Pod-Security-Standards: ["restricted:seccomp"]
#     CIS-Kubernetes-1.9: ["5.7.2"]
#     NIST-800-53-r5: ["CM-7", "SC-39"]
#   aliases: [CKV_K8S_31, KSV-0030]
package vigil.kubernetes.seccomp_profile

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.hcl_object_hint
import data.vigil.lib.kubernetes.pod_specs
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

# The library maps no snake_case name for seccompProfile: use the right spelling for
# the resource under evaluation (k8s.attr leaves both unchanged).
_sp := "seccomp_profile" if is_terraform

_sp := "seccompProfile" if not is_terraform

_sc := k8s.attr("securityContext")

# Where the profile type is written, for messages: securityContext.seccompProfile.type.
_field := sprintf("%s.%s.type", [_sc, _sp])

# A nested block for the provider's schema, an object attribute in a kubernetes_manifest.
_hcl_block := hcl_object_hint

# Linux pods only, and nothing is decided on a security context that is not known.
_applies(c) if {
	not k8s.is_windows(c.pod_spec)
	not k8s.security_context_unknown(c)
}

# ---------------------------------------------------------------------------
# No profile on the container or the pod.

deny contains result if {
	some c in containers
	_applies(c)
	not k8s.container_setting(c, _sp)
	not k8s.pod_setting(c, _sp)
	not _legacy_annotation_confines(c)
	result := {
		"msg": sprintf(
			"Container \"%s\" has no seccomp profile (neither it nor its pod sets %s), so unless the kubelet applies one by default it runs Unconfined: every system call, including the ones kernel exploits and container escapes rely on, is open to code running in it. Set %s to RuntimeDefault on the pod or the container.",
			[c.name, _field, _field],
		),
		"path": _anchor(c),
		"fix": [_add_profile(c)],
		"fix_safety": "unsafe",
	}
}

# Where the missing setting is reported: the container's security context, else the
# container.
_anchor(c) := sc.path if sc := k8s.container_security_context(c)

_anchor(c) := c.path if not k8s.container_security_context(c)

_runtime_default := {"type": "RuntimeDefault"}

_add_profile(c) := object.union(
	{"op": "add", "path": sprintf("%s/%s", [sc.path, _sp]), "value": _runtime_default},
	_hcl_block,
) if sc := k8s.container_security_context(c)

_add_profile(c) := object.union(
	{"op": "add", "path": sprintf("%s/%s", [c.path, _sc]), "value": {_sp: _runtime_default}},
	_hcl_block,
) if not k8s.container_security_context(c)

# ---------------------------------------------------------------------------
# The deprecated annotations (seccomp.security.alpha.kubernetes.io/pod and
# container.seccomp.security.alpha.kubernetes.io/<container>) on the pod template's
# metadata. A confining one is given the benefit of the doubt.

_legacy_annotation_confines(c) if _confining_annotation(_legacy_profile(c))

_legacy_profile(c) := v if {
	v := _annotations(c.pod_spec_path)[sprintf("container.seccomp.security.alpha.kubernetes.io/%s", [c.name])]
}

_legacy_profile(c) := v if {
	not _annotations(c.pod_spec_path)[sprintf("container.seccomp.security.alpha.kubernetes.io/%s", [c.name])]
	v := _annotations(c.pod_spec_path)["seccomp.security.alpha.kubernetes.io/pod"]
}

_confining_annotation(v) if {
	is_string(v)
	v in {"runtime/default", "docker/default"}
}

_confining_annotation(v) if {
	is_string(v)
	startswith(v, "localhost/")
}

# The annotations of the metadata next to a pod spec: /spec/template/spec ->
# /spec/template/metadata/annotations.
_annotations(spec_path) := a if {
	meta := regex.replace(spec_path, `/spec(/[0-9]+)?$`, "/metadata")
	keys := [_segment(s) | some s in split(trim_prefix(meta, "/"), "/")]
	a := object.get(input.resource.values, array.concat(keys, ["annotations"]), {})
	is_object(a)
}

_segment(s) := to_number(s) if regex.match(`^[0-9]+$`, s)

_segment(s) := s if not regex.match(`^[0-9]+$`, s)
