# METADATA
# title: Long-running containers have a readiness probe
# description: Without a readiness probe a pod is marked ready, and receives Service traffic, as soon as its containers start, before the application listens, and it keeps receiving traffic while it is overloaded or cut off from what it depends on. Rolling updates then replace working pods with ones that fail requests. A readiness probe tells Kubernetes when to send traffic. Kubernetes and the Terraform provider define no probe by default. Run-to-completion workloads (Jobs, CronJobs), init containers and ephemeral containers are not checked.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#readiness_probe
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-016
#   severity: low
#   enforcement: advisory
#   resources:
#     - Pod
#     - apps/Deployment
#     - apps/StatefulSet
#     - apps/DaemonSet
#     - apps/ReplicaSet
#     - ReplicationController
#     - kubernetes_pod
#     - kubernetes_pod_v1
#     - kubernetes_deployment
#     - kubernetes_deployment_v1
#     - kubernetes_stateful_set
#     - kubernetes_stateful_set_v1
#     - kubernetes_daemonset
#     - kubernetes_daemon_set_v1
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
#     - "kubernetes:core/v1:ReplicationController"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["SC-5", "SI-4"]
#   aliases: [CKV_K8S_9]
package vigil.kubernetes.readiness_probe

import data.vigil.lib
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_key := "readiness_probe" if is_terraform

_key := "readinessProbe" if not is_terraform

deny contains result if {
	not input_type in {"batch/Job", "batch/CronJob"} # a kubernetes_manifest of a Job
	some c in containers
	c.kind == "container"
	_unset(c.container, _key)
	result := {
		"msg": sprintf(
			"Container \"%s\" has no %s: its pod receives traffic as soon as it starts and while it cannot serve, and rolling updates do not wait for it. Add a %s (%s) that succeeds only when it can serve.",
			[c.name, _key, _key, _handlers],
		),
		"path": c.path,
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null

_handlers := "http_get, tcp_socket, grpc or exec" if is_terraform

_handlers := "httpGet, tcpSocket, grpc or exec" if not is_terraform
