# METADATA
# title: Containers do not run privileged
# description: A privileged container gets every Linux capability and access to all host devices, with no seccomp or AppArmor confinement, so a compromise of that container is a compromise of the node and of every pod on it. Set securityContext.privileged to false (or leave it out); grant the one capability the workload needs instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-001
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
#     Kubernetes-Pod-Security-Standards: ["baseline:privileged"]
#     CIS-Kubernetes-1.9: ["5.2.2"]
#     NIST-800-53-r5: ["AC-6", "CM-7"]
#     PCI-DSS-4.0: ["2.2.6", "7.2.5"]
#   aliases: [CKV_K8S_16, KSV-0017]
package vigil.kubernetes.privileged

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

deny contains result if {
	some c in containers
	sc := k8s.container_security_context(c)
	key := k8s.attr("privileged")
	lib.is_true(sc.value[key])
	path := sprintf("%s/%s", [sc.path, key])
	result := {
		"msg": sprintf(
			"Container \"%s\" runs privileged (%s = true): it gets all capabilities and the host's devices, so escaping it means owning the node. Set %s to false and grant only the capabilities it needs.",
			[c.name, key, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
