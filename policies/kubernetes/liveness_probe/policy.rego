# METADATA
# title: Long-running containers have a liveness probe
# description: Without a liveness probe the kubelet restarts a container only when its process exits; one that deadlocks or stops serving keeps running, and its pod keeps its place, until someone notices. A liveness probe (an HTTP GET, a TCP connect, a gRPC health check or a command) lets Kubernetes restart it on its own. Kubernetes and the Terraform provider define no probe by default. Run-to-completion workloads (Jobs, CronJobs), init containers and ephemeral containers are not checked.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#liveness_probe
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-015
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
#     NIST-800-53-r5: ["CP-10", "SI-4"]
#   aliases: [CKV_K8S_8]
package vigil.kubernetes.liveness_probe

import data.vigil.lib
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_key := "liveness_probe" if is_terraform

_key := "livenessProbe" if not is_terraform

deny contains result if {
	not input_type in {"batch/Job", "batch/CronJob"} # a kubernetes_manifest of a Job
	some c in containers
	c.kind == "container"
	_unset(c.container, _key)
	result := {
		"msg": sprintf(
			"Container \"%s\" has no %s: if it hangs without exiting, Kubernetes keeps it running and it is never restarted. Add a %s (%s) that fails when it stops serving.",
			[c.name, _key, _key, _handlers],
		),
		"path": c.path,
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null

_handlers := "http_get, tcp_socket, grpc or exec" if is_terraform

_handlers := "httpGet, tcpSocket, grpc or exec" if not is_terraform
