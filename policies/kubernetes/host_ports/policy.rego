# METADATA
# title: Containers do not bind host ports
# description: A hostPort binds the container's port on the node's own address. It bypasses the Service layer and NetworkPolicies that select pods, exposes the workload on every address the node has, ties the pod to nodes where that port is free, and shows that the workload reaches past pod isolation. The Baseline Pod Security Standard disallows host ports. Kubernetes binds none unless hostPort is set; expose the workload through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/concepts/configuration/overview/#services
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#host_port
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-021
#   severity: medium
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
#     Kubernetes-Pod-Security-Standards: ["baseline:host-ports"]
#     CIS-Kubernetes-1.9: ["5.2.13"]
#     NIST-800-53-r5: ["CM-7", "SC-7"]
#   aliases: [CKV_K8S_26, KSV-0024]
package vigil.kubernetes.host_ports

import data.vigil.lib
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_ports := "port" if is_terraform

_ports := "ports" if not is_terraform

_host_port := "host_port" if is_terraform

_host_port := "hostPort" if not is_terraform

deny contains result if {
	some c in containers
	some port in lib.block_entries(c.container, _ports, c.path)
	is_object(port.value)
	v := port.value[_host_port]
	_bound(v)
	path := sprintf("%s/%s", [port.path, _host_port])
	result := {
		"msg": sprintf(
			"Container \"%s\" binds host port %v on the node: it bypasses Services and NetworkPolicies, is reachable on every node address, and the Baseline Pod Security Standard rejects it. Remove %s and expose the port through a Service.",
			[c.name, v, _host_port],
		),
		"path": path,
		"fix": [{"op": "remove", "path": path}],
		"fix_safety": "unsafe",
	}
}

_bound(v) if {
	is_number(v)
	v != 0
}

_bound(v) if {
	is_string(v)
	regex.match(`^\s*[0-9]+\s*$`, v)
	to_number(v) != 0
}
