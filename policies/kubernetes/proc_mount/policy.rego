# METADATA
# title: Containers keep the default /proc mount
# description: The container runtime masks and makes read-only the parts of /proc that expose the node's kernel (/proc/kcore, /proc/sys, /proc/sysrq-trigger and others). securityContext.procMount Unmasked turns that off, giving code in the container a direct view of, and often write access to, kernel settings of the node. The Baseline Pod Security Standard allows only Default, which is also what Kubernetes uses when procMount is omitted. The Terraform provider's security_context blocks have no proc_mount argument, so only manifests, Pulumi resources and Terraform kubernetes_manifest resources can set it.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-022
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
#     Kubernetes-Pod-Security-Standards: ["baseline:proc-mount"]
#     NIST-800-53-r5: ["AC-6", "SC-39"]
#   aliases: [KSV-0027]
package vigil.kubernetes.proc_mount

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_key := "proc_mount" if is_terraform

_key := "procMount" if not is_terraform

deny contains result if {
	some c in containers
	sc := k8s.container_security_context(c)
	v := sc.value[_key]
	is_string(v)
	not k8s.is_placeholder(v)
	v != "Default"
	path := sprintf("%s/%s", [sc.path, _key])
	result := {
		"msg": sprintf(
			"Container \"%s\" sets %s to %s: the node's kernel interfaces under /proc are no longer masked, so code in it can read and change kernel settings of the node. Remove %s or set it to Default.",
			[c.name, _key, v, _key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "Default"}],
		"fix_safety": "unsafe",
	}
}
