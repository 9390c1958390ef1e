# METADATA
# title: Containers run with a security context
# description: Without a security context on the container or its pod, a container runs with everything the defaults allow, as the image's user (root for most images), with privilege escalation allowed, a writable root filesystem and the runtime's default capabilities, and nobody made a decision about it. Kubernetes and the Terraform provider set none by default. Set securityContext on the pod or the container (runAsNonRoot, allowPrivilegeEscalation false, capabilities drop ALL, readOnlyRootFilesystem, seccompProfile RuntimeDefault). A container is reported when neither it nor its pod sets anything (an empty securityContext sets nothing).
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#security_context
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-019
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
#     CIS-Kubernetes-1.9: ["5.7.3"]
#     NIST-800-53-r5: ["AC-6", "CM-6"]
#   aliases: [CKV_K8S_29, CKV_K8S_30]
package vigil.kubernetes.security_context_missing

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

_sc := k8s.attr("securityContext")

deny contains result if {
	some c in containers
	not k8s.security_context_unknown(c)
	not k8s.opaque(c.container, _sc)
	not k8s.opaque(c.pod_spec, _sc)
	not is_array(c.container[_sc])
	not is_array(c.pod_spec[_sc])
	count(c.settings) == 0
	count(c.pod_settings) == 0
	result := {
		"msg": sprintf(
			"Container \"%s\" runs without a security context (neither it nor its pod sets %s), so every default applies: the image's user, often root, privilege escalation allowed, a writable root filesystem and the runtime's default capabilities. Set %s with at least runAsNonRoot, allowPrivilegeEscalation false and capabilities drop ALL.",
			[c.name, _sc, _sc],
		),
		"path": _anchor(c),
	}
}

# The container's (empty) security context if it has one, else the container.
_anchor(c) := sc.path if sc := k8s.container_security_context(c)

_anchor(c) := c.path if not k8s.container_security_context(c)
