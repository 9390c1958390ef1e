# METADATA
# title: No container runs with an Unconfined seccomp profile
# description: Seccomp filters the system calls a container may make. Setting seccompProfile.type to Unconfined, on the pod (for every container that does not set its own profile) or on a container, turns that filter off, so every system call, including the rarely needed ones that kernel exploits and container escapes rely on, is open to code that gets into the container. The baseline Pod Security Standard forbids an explicit Unconfined, and Pod Security admission rejects a pod that sets it at either level. This is the baseline rule, and it reports only an explicit Unconfined; a container with no profile at all is VGL-K8S-010's (restricted) concern. Windows pods are skipped. RuntimeDefault blocks few system calls that applications use, but test workloads that do low-level work (tracers, debuggers) before switching them, or give them a Localhost profile that allows what they need.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-056
#   severity: high
#   enforcement: mandatory
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
#     Kubernetes-Pod-Security-Standards: ["baseline:seccomp"]
#     CIS-Kubernetes-1.9: ["5.7.2"]
#     NIST-800-53-r5: ["CM-7", "SC-39"]
#   aliases: [KSV-0104]
package vigil.kubernetes.seccomp_unconfined

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
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

# Linux pods only, and nothing is decided on a security context that is not known.
_applies(c) if {
	not k8s.is_windows(c.pod_spec)
	not k8s.security_context_unknown(c)
}

# ---------------------------------------------------------------------------
# Unconfined, set on the container.

deny contains result if {
	some c in containers
	_applies(c)
	s := k8s.container_setting(c, _sp)
	is_object(s.value)
	s.value.type == "Unconfined"
	path := sprintf("%s/type", [s.path])
	result := {
		"msg": sprintf(
			"Container \"%s\" sets %s to Unconfined, which turns seccomp filtering off: every system call, including the ones kernel exploits and container escapes rely on, is open to code running in it. Use RuntimeDefault, or a Localhost profile that allows what it needs.",
			[c.name, _field],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "RuntimeDefault"}],
		"fix_safety": "unsafe",
	}
}

# Unconfined, set on the pod: it applies to every container that does not set its own
# profile, and Pod Security admission rejects it whatever the containers set.

deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	psc := k8s.pod_security_context(ps)
	profile := psc.value[_sp]
	is_object(profile)
	profile.type == "Unconfined"
	path := sprintf("%s/%s/type", [psc.path, _sp])
	names := sort([c.name |
		some c in containers
		c.pod_spec_path == ps.path
		_inherits_profile(c)
	])
	result := {
		"msg": sprintf("The pod sets %s to Unconfined, %s Use RuntimeDefault, or a Localhost profile that allows what the containers need.", [_field, _pod_consequence(names)]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "RuntimeDefault"}],
		"fix_safety": "unsafe",
	}
}

_inherits_profile(c) if {
	not k8s.security_context_unknown(c)
	not k8s.container_setting(c, _sp)
}

_pod_consequence(names) := sprintf(
	"so its containers (%s) run without seccomp filtering: every system call, including the ones kernel exploits and container escapes rely on, is open to code running in them.",
	[concat(", ", names)],
) if count(names) > 0

_pod_consequence(names) := "which turns seccomp filtering off for any container that does not set its own profile, and Pod Security admission (baseline and restricted) rejects the pod." if count(names) == 0
