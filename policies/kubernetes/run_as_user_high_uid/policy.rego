# METADATA
# title: Containers run with a UID of 10000 or more
# description: A container's UID is the same number on the node. Low UIDs (1 to 9999) are the ones node accounts and system services use, so a process that escapes the container, or reaches a hostPath mount, acts with the files and permissions of that host user. A UID of 10000 or more is unlikely to match one. This checks only a runAsUser that is written (on the container or the pod); an omitted one leaves the image's USER in force, and UID 0 is reported by the run-as-root policy.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#run_as_user
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-018
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
#     NIST-800-53-r5: ["AC-6"]
#   aliases: [CKV_K8S_40, KSV-0020]
package vigil.kubernetes.run_as_user_high_uid

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_low(v) if {
	uid := k8s.as_int(v)
	uid > 0
	uid < 10000
}

# The container sets a low UID.
deny contains result if {
	some c in containers
	not k8s.is_windows(c.pod_spec)
	not k8s.security_context_unknown(c)
	s := k8s.container_setting(c, "runAsUser")
	_low(s.value)
	result := {
		"msg": sprintf(
			"Container \"%s\" runs as UID %v, in the range node accounts and system services use: after an escape, or through a hostPath mount, it acts as that host user. Use a UID of 10000 or more.",
			[c.name, s.value],
		),
		"path": s.path,
	}
}

# The pod sets a low UID that containers inherit.
deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	psc := k8s.pod_security_context(ps)
	key := k8s.attr("runAsUser")
	v := psc.value[key]
	_low(v)
	names := _inheriting(ps.path)
	count(names) > 0
	result := {
		"msg": sprintf(
			"The pod sets %s to %v, so its containers (%s) run with a UID in the range node accounts and system services use: after an escape, or through a hostPath mount, they act as that host user. Use a UID of 10000 or more.",
			[key, v, concat(", ", names)],
		),
		"path": sprintf("%s/%s", [psc.path, key]),
	}
}

# The containers of the pod spec at `path` that inherit its runAsUser (a function:
# a comprehension inside the rule's loop would keep the policy off regorus's VM).
_inheriting(path) := sort([c.name |
	some c in containers
	c.pod_spec_path == path
	_inherits_user(c)
])

_inherits_user(c) if {
	not k8s.security_context_unknown(c)
	not k8s.container_setting(c, "runAsUser")
}
