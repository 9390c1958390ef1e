# METADATA
# title: Containers set CPU and memory limits
# description: A container without a memory limit can use all of the node's memory until the kernel kills processes of other pods, and one without a CPU limit can starve its neighbours; a compromised or buggy workload then becomes a denial of service for the whole node. Set resources.limits.cpu and resources.limits.memory on every container (a LimitRange in the namespace can supply defaults, in which case this finding can be suppressed).
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-007
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
#   aliases: [CKV_K8S_11, CKV_K8S_13, KSV-0011, KSV-0018]
package vigil.kubernetes.resource_limits

# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

deny contains result if {
	some c in containers
	c.kind != "ephemeral" # ephemeral containers cannot have resources
	not _unknown(c)
	missing := [r | some r in ["cpu", "memory"]; not _limited(c, r)]
	count(missing) > 0
	result := {
		"msg": sprintf(
			"Container \"%s\" has no %s limit: without limits a runaway or compromised container can exhaust the node and starve other pods. Set resources.limits.%s.",
			[c.name, concat(" or ", missing), concat(" and resources.limits.", missing)],
		),
		"path": _anchor(c),
	}
}

_resources(c) := c.container.resources

_limits(c) := c.container.resources.limits

# A limit is set when it has any value, also one known only after apply.
_limited(c, r) if {
	v := _limits(c)[r]
	v != null
	v != ""
}

# Resources or limits whose content is not known (a dynamic block, a variable).
_unknown(c) if _opaque(_resources(c))

_unknown(c) if _opaque(_limits(c))

_opaque(x) if {
	not is_object(x)
	x != null
}

# Report on the limits if present, else on resources, else on the container.
_anchor(c) := sprintf("%s/resources/limits", [c.path]) if is_object(_limits(c))

_anchor(c) := sprintf("%s/resources", [c.path]) if {
	is_object(_resources(c))
	not is_object(_limits(c))
}

_anchor(c) := c.path if not is_object(_resources(c))
