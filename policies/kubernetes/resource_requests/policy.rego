# METADATA
# title: Containers request CPU and memory
# description: The scheduler places pods by their requests. A container that requests nothing is scheduled as if it needed nothing, so nodes get overcommitted, and under memory pressure its pod (BestEffort) is the first the kubelet evicts; noisy neighbours then take the node's capacity from workloads that did ask for it. Set resources.requests.cpu and resources.requests.memory on every container. Kubernetes uses a limit as the request when only the limit is set, so a resource with a limit is not reported; a LimitRange in the namespace can also supply defaults, in which case this finding can be suppressed.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#resources
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-020
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
#     NIST-800-53-r5: ["SC-6"]
#   aliases: [CKV_K8S_10, CKV_K8S_12, KSV-0015, KSV-0016]
package vigil.kubernetes.resource_requests

# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

deny contains result if {
	some c in containers
	c.kind != "ephemeral" # ephemeral containers cannot have resources
	not _unknown(c)
	missing := _missing(c)
	count(missing) > 0
	result := {
		"msg": sprintf(
			"Container \"%s\" requests no %s: the scheduler places it as if it needed none, nodes get overcommitted, and its pod is among the first evicted under pressure. Set resources.requests.%s.",
			[c.name, concat(" or ", missing), concat(" and resources.requests.", missing)],
		),
		"path": _anchor(c),
	}
}

_resources(c) := c.container.resources

# The resources container c requests nothing of (a function: a comprehension inside
# the rule's loop would keep the policy off regorus's VM).
_missing(c) := [r | some r in ["cpu", "memory"]; not _requested(c, r)]

# A request is set when it has any value, also one known only after apply; a limit
# stands in for a missing request.
_requested(c, r) if _set(c.container.resources.requests[r])

_requested(c, r) if _set(c.container.resources.limits[r])

_set(v) if {
	v != null
	v != ""
}

# Resources, requests or limits whose content is not known (a dynamic block, a variable).
_unknown(c) if _opaque(_resources(c))

_unknown(c) if _opaque(c.container.resources.requests)

_unknown(c) if _opaque(c.container.resources.limits)

_opaque(x) if {
	not is_object(x)
	x != null
}

# Report on the requests if present, else on resources, else on the container.
_anchor(c) := sprintf("%s/resources/requests", [c.path]) if is_object(c.container.resources.requests)

_anchor(c) := sprintf("%s/resources", [c.path]) if {
	is_object(_resources(c))
	not is_object(c.container.resources.requests)
}

_anchor(c) := c.path if not is_object(_resources(c))
