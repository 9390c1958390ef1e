# METADATA
# title: Containers do not run with the root group
# description: A container process whose group is 0 (runAsGroup, fsGroup or a supplementalGroups entry of 0) owns and can read or write every file of the root group, in its image, in volumes, and on the node after an escape or through a hostPath mount, even when its user is not root. Use a non-zero group ID (10000 or more, matching the user). This checks only groups that are written; an omitted runAsGroup leaves the image's group, which the run-as-root policy's runAsNonRoot does not constrain.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#run_as_group
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-053
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
#   aliases: [KSV-0029]
package vigil.kubernetes.run_as_group_root

import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_fs_group := "fs_group" if is_terraform

_fs_group := "fsGroup" if not is_terraform

_supplemental := "supplemental_groups" if is_terraform

_supplemental := "supplementalGroups" if not is_terraform

_root_gid(v) if k8s.as_int(v) == 0

# runAsGroup 0 on a container.
deny contains result if {
	some c in containers
	not k8s.is_windows(c.pod_spec)
	s := k8s.container_setting(c, "runAsGroup")
	_root_gid(s.value)
	result := {
		"msg": sprintf(
			"Container \"%s\" sets %s to 0, so its processes run in the root group and can read and write every file the root group owns. Use a non-zero group ID.",
			[c.name, k8s.attr("runAsGroup")],
		),
		"path": s.path,
	}
}

# runAsGroup or fsGroup 0 on the pod.
deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	psc := k8s.pod_security_context(ps)
	some key in [k8s.attr("runAsGroup"), _fs_group]
	_root_gid(psc.value[key])
	result := {
		"msg": sprintf(
			"The pod sets %s to 0, so its containers' processes (or its volumes' files) belong to the root group, which can read and write every file the root group owns. Use a non-zero group ID.",
			[key],
		),
		"path": sprintf("%s/%s", [psc.path, key]),
	}
}

# A supplemental group 0.
deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	psc := k8s.pod_security_context(ps)
	groups := psc.value[_supplemental]
	is_array(groups)
	some i, g in groups
	_root_gid(g)
	result := {
		"msg": sprintf(
			"The pod adds group 0 to %s, so its containers' processes are members of the root group and can read and write every file it owns. Remove 0.",
			[_supplemental],
		),
		"path": sprintf("%s/%s/%d", [psc.path, _supplemental, i]),
	}
}
