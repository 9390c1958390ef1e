# METADATA
# title: Pods do not mount hostPath volumes
# description: A hostPath volume mounts a file or directory of the node into the pod. Depending on the path it exposes credentials, the container runtime socket or other pods' data, and a writable mount can be used to take over the node; it also ties the pod to one node's layout. Use emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-003
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
#     Kubernetes-Pod-Security-Standards: ["baseline:hostpath-volumes"]
#     CIS-Kubernetes-1.9: ["5.2.12"]
#     NIST-800-53-r5: ["AC-6", "SC-39"]
#     PCI-DSS-4.0: ["2.2.6"]
#   aliases: [KSV-0023]
package vigil.kubernetes.host_path_volumes

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

deny contains result if {
	some ps in pod_specs
	some vol in lib.block_entries(ps.spec, k8s.attr("volumes"), ps.path)
	key := k8s.attr("hostPath")
	host_path := vol.value[key]
	is_object(host_path)
	result := {
		"msg": sprintf(
			"Volume \"%s\" mounts the node's %s (%s): a pod with access to the host filesystem can read node credentials and other pods' data, or take over the node. Use an emptyDir, ConfigMap, Secret or PersistentVolumeClaim instead.",
			[_volume_name(vol), _host_dir(host_path), key],
		),
		"path": sprintf("%s/%s", [vol.path, key]),
	}
}

_volume_name(vol) := vol.value.name if is_string(vol.value.name)

_volume_name(vol) := vol.path if not is_string(vol.value.name)

_host_dir(host_path) := sprintf("path %s", [host_path.path]) if is_string(host_path.path)

_host_dir(host_path) := "filesystem" if not is_string(host_path.path)
