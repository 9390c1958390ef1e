# METADATA
# title: Containers do not run as root
# description: A container that runs as UID 0 is root inside the container, and root in the container is root on the node as soon as a kernel or runtime flaw, a privileged setting or a host mount lets it out. Unless runAsNonRoot is true or runAsUser is a non-zero UID (on the container, or on the pod for all its containers), the container runs as whatever user the image declares, which is root for most images. Set runAsNonRoot to true, with a non-zero runAsUser when the image has no numeric non-root USER.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-004
#   severity: medium
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
#     Kubernetes-Pod-Security-Standards: ["restricted:running-as-non-root", "restricted:running-as-non-root-user"]
#     CIS-Kubernetes-1.9: ["5.2.7"]
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["2.2.6", "7.2.5"]
#   aliases: [CKV_K8S_23, KSV-0012]
package vigil.kubernetes.run_as_root

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

# Linux-only controls, and nothing is decided on a security context that is not known.
_applies(c) if {
	not k8s.is_windows(c.pod_spec)
	not k8s.security_context_unknown(c)
}

# The container itself sets runAsUser: 0.
deny contains result if {
	some c in containers
	_applies(c)
	s := k8s.container_setting(c, "runAsUser")
	k8s.as_int(s.value) == 0
	result := {
		"msg": sprintf(
			"Container \"%s\" sets %s to 0, so it runs as root: a container escape or a host mount then acts as root on the node. Use a non-zero UID and set %s to true.",
			[c.name, k8s.attr("runAsUser"), k8s.attr("runAsNonRoot")],
		),
		"path": s.path,
	}
}

# The pod sets runAsUser: 0, which every container that does not set its own inherits.
deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	psc := k8s.pod_security_context(ps)
	key := k8s.attr("runAsUser")
	k8s.as_int(psc.value[key]) == 0
	names := sort([c.name |
		some c in containers
		c.pod_spec_path == ps.path
		_inherits_user(c)
	])
	count(names) > 0
	result := {
		"msg": sprintf(
			"The pod sets %s to 0, so its containers (%s) run as root: a container escape or a host mount then acts as root on the node. Use a non-zero UID and set %s to true.",
			[key, concat(", ", names), k8s.attr("runAsNonRoot")],
		),
		"path": sprintf("%s/%s", [psc.path, key]),
	}
}

_inherits_user(c) if {
	not k8s.opaque(c.container, k8s.attr("securityContext"))
	not is_array(c.container[k8s.attr("securityContext")])
	not k8s.container_setting(c, "runAsUser")
}

# No UID is set anywhere and runAsNonRoot is not true: the image's user applies.
deny contains result if {
	some c in containers
	_applies(c)
	not k8s.effective_setting(c, "runAsUser")
	finding := _may_run_as_root(c)
	result := {
		"msg": sprintf(
			"Container \"%s\" may run as root: %s, and no runAsUser is set, so it runs as the image's user, which is root for most images. Set %s to true (and %s to a non-zero UID if the image has no numeric non-root USER).",
			[c.name, finding.why, k8s.attr("runAsNonRoot"), k8s.attr("runAsUser")],
		),
		"path": finding.path,
	}
}

_may_run_as_root(c) := {"path": _anchor(c), "why": sprintf("neither the container nor the pod sets %s to true", [k8s.attr("runAsNonRoot")])} if {
	not k8s.effective_setting(c, "runAsNonRoot")
}

_may_run_as_root(c) := {"path": s.path, "why": sprintf("it sets %s to false", [k8s.attr("runAsNonRoot")])} if {
	s := k8s.effective_setting(c, "runAsNonRoot")
	s.level == "container"
	lib.is_false(s.value)
}

_may_run_as_root(c) := {"path": _anchor(c), "why": sprintf("the pod sets %s to false", [k8s.attr("runAsNonRoot")])} if {
	s := k8s.effective_setting(c, "runAsNonRoot")
	s.level == "pod"
	lib.is_false(s.value)
}

# Where a missing container setting is reported: its securityContext, else the container.
_anchor(c) := sc.path if sc := k8s.container_security_context(c)

_anchor(c) := c.path if not k8s.container_security_context(c)
