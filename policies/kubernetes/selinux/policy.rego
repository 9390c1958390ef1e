# METADATA
# title: Pods do not set custom SELinux users, roles or types
# description: On SELinux nodes the container runtime labels each container with the container_t type (and its variants), which confines it away from the node's files and processes. Setting seLinuxOptions.type to another type (spc_t, unconfined_t, a host service's type) or setting a user or role gives the container that label's access to the node instead. The Baseline Pod Security Standard allows only the container types (container_t, container_init_t, container_kvm_t, container_engine_t) and no user or role; the level (MCS categories) may be set. Kubernetes and the Terraform provider set no seLinuxOptions by default, so the runtime's label applies.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#se_linux_options
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-024
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
#     Kubernetes-Pod-Security-Standards: ["baseline:selinux"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#   aliases: [KSV-0025]
package vigil.kubernetes.selinux

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

_opts := k8s.attr("seLinuxOptions")

# The security contexts that can carry seLinuxOptions: each pod's and each container's.
_contexts contains {"path": sc.path, "value": sc.value, "who": "The pod"} if {
	some ps in pod_specs
	sc := k8s.pod_security_context(ps)
}

_contexts contains {"path": sc.path, "value": sc.value, "who": sprintf("Container \"%s\"", [c.name])} if {
	some c in containers
	sc := k8s.container_security_context(c)
}

deny contains result if {
	some sc in _contexts
	some opts in lib.block_entries(sc.value, _opts, sc.path)
	is_object(opts.value)
	some field in ["type", "user", "role"]
	v := opts.value[field]
	is_string(v)
	not k8s.is_placeholder(v)
	_disallowed(field, trim_space(v))
	path := sprintf("%s/%s", [opts.path, field])
	result := {
		"msg": sprintf(
			"%s sets %s.%s to \"%s\": %s. Remove it (the Baseline Pod Security Standard allows only the container_t family of types, and no user or role).",
			[sc.who, _opts, field, v, _why[field]],
		),
		"path": path,
		"fix": [{"op": "remove", "path": path}],
		"fix_safety": "unsafe",
	}
}

_disallowed("type", v) if not v in _allowed_types

_disallowed(field, v) if {
	field in {"user", "role"}
	v != ""
}

_why := {
	"type": "a type outside the container_t family gives the container that label's access to the node's files and processes instead of the runtime's confinement",
	"user": "a custom SELinux user changes which roles and types the container may take, weakening its confinement",
	"role": "a custom SELinux role changes which types the container may take, weakening its confinement",
}
