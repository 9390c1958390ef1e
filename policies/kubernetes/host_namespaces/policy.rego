# METADATA
# title: Pods do not share the host's network, PID or IPC namespace
# description: With hostNetwork a pod sees and can bind every interface of the node and bypasses network policies; with hostPID it can see and signal the node's processes and read their environment; with hostIPC it can read shared memory of host processes. Each removes a layer of isolation between the pod and the node. Leave hostNetwork, hostPID and hostIPC unset or false.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-002
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
#     Kubernetes-Pod-Security-Standards: ["baseline:host-namespaces"]
#     CIS-Kubernetes-1.9: ["5.2.3", "5.2.4", "5.2.5"]
#     NIST-800-53-r5: ["AC-6", "SC-7", "SC-39"]
#     PCI-DSS-4.0: ["2.2.6"]
#   aliases: [CKV_K8S_17, CKV_K8S_18, CKV_K8S_19, KSV-0008, KSV-0009, KSV-0010]
package vigil.kubernetes.host_namespaces

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_why := {
	"hostNetwork": "the pod uses the node's network stack, so it can bind any node port, reach services listening on localhost and sniff traffic, and network policies do not apply to it",
	"hostPID": "the pod shares the node's process namespace, so it can see every process on the node, read their environment and signal them",
	"hostIPC": "the pod shares the node's IPC namespace, so it can read and write shared memory of processes on the node",
}

deny contains result if {
	some ps in pod_specs
	some field, why in _why
	key := k8s.attr(field)
	lib.is_true(ps.spec[key])
	path := sprintf("%s/%s", [ps.path, key])
	result := {
		"msg": sprintf("%s is true: %s. Remove it or set it to false.", [key, why]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
