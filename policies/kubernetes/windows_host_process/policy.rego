# METADATA
# title: Windows pods do not run HostProcess containers
# description: A Windows HostProcess container runs directly on the node, outside any container isolation, with access to the node's filesystem, network and processes, much like a privileged Linux container. A compromise of it is a compromise of the node. The Baseline Pod Security Standard disallows windowsOptions.hostProcess on the pod and on its containers; Kubernetes and the Terraform provider leave it false unless it is set.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#host_process
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-026
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
#     Kubernetes-Pod-Security-Standards: ["baseline:host-process"]
#     CIS-Kubernetes-1.9: ["5.2.11"]
#     NIST-800-53-r5: ["AC-6", "CM-7"]
#   aliases: [KSV-0103]
package vigil.kubernetes.windows_host_process

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_opts := k8s.attr("windowsOptions")

_key := k8s.attr("hostProcess")

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
	lib.is_true(opts.value[_key])
	path := sprintf("%s/%s", [opts.path, _key])
	result := {
		"msg": sprintf(
			"%s sets %s.%s to true: a HostProcess container runs on the Windows node itself, without container isolation, so a compromise of it is a compromise of the node. Remove it, or set it to false.",
			[sc.who, _opts, _key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
