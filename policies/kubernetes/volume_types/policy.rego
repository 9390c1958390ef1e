# METADATA
# title: Pods use only the restricted volume types
# description: Volume types that mount storage directly from the node or from network storage (nfs, iscsi, rbd, cephfs, glusterfs, cloud disks, flexVolume, the deprecated gitRepo) bypass PersistentVolume access control, carry their own credentials and mount options, and several run code or mounts on the node on the pod's behalf. The Restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret; reach other storage through a PersistentVolumeClaim instead. hostPath volumes are reported by the host path volumes policy. Kubernetes and the Terraform provider add no volumes by default.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://kubernetes.io/docs/concepts/storage/volumes/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#volume
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-027
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
#     Kubernetes-Pod-Security-Standards: ["restricted:volume-types"]
#     NIST-800-53-r5: ["AC-3", "CM-7"]
#   aliases: [KSV-0028]
package vigil.kubernetes.volume_types

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

# The allowed sources, the volume's name, and hostPath (another policy's), in both
# spellings.
_not_sources := {
	"name",
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
	"config_map", "downward_api", "empty_dir", "persistent_volume_claim",
	"hostPath", "host_path",
}

deny contains result if {
	some ps in pod_specs
	some vol in lib.block_entries(ps.spec, k8s.attr("volumes"), ps.path)
	is_object(vol.value)
	some key, source in vol.value
	not key in _not_sources
	_present(source)
	result := {
		"msg": sprintf(
			"Volume \"%s\" is of type %s, outside the Restricted Pod Security Standard's volume types: it mounts storage the pod reaches directly, bypassing PersistentVolume access control. Mount it through a %s instead.",
			[_volume_name(vol), key, _pvc],
		),
		"path": sprintf("%s/%s", [vol.path, key]),
	}
}

# A source written as a block or object; Terraform may leave empty lists for blocks
# that are not written.
_present(x) if is_object(x)

_present(x) if {
	is_array(x)
	count(x) > 0
}

_pvc := "persistent_volume_claim" if is_terraform

_pvc := "persistentVolumeClaim" if not is_terraform

_volume_name(vol) := vol.value.name if is_string(vol.value.name)

_volume_name(vol) := vol.path if not is_string(vol.value.name)
