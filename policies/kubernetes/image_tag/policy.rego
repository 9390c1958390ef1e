# METADATA
# title: Container images are pinned to a tag other than latest
# description: An image without a tag means the latest tag, and latest moves whenever a new image is pushed. Pods started at different times (a rescheduled replica, a scaled-up node) may then run different code, rollbacks cannot return to a known version, and a compromised registry push is picked up silently. Reference images by an explicit version tag, or better by digest (image@sha256:...).
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
#   - https://kubernetes.io/docs/concepts/configuration/overview/#container-images
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-008
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
#     NIST-800-53-r5: ["CM-2", "SI-7"]
#   aliases: [CKV_K8S_14, KSV-0013]
package vigil.kubernetes.image_tag

# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

deny contains result if {
	some c in containers
	image := c.container.image
	is_string(image)
	problem := _problem(trim_space(image))
	result := {
		"msg": sprintf(
			"Container \"%s\" uses image \"%s\", which %s: the image can change under the same name, so replicas may run different code and rollbacks are unreliable. Pin a version tag or a digest (@sha256:...).",
			[c.name, image, problem],
		),
		"path": sprintf("%s/image", [c.path]),
	}
}

# The image name after the registry and repository path.
_last_segment(image) := parts[count(parts) - 1] if parts := split(image, "/")

_problem(image) := "uses the latest tag" if {
	_checkable(image)
	last := _last_segment(image)
	contains(last, ":")
	parts := split(last, ":")
	parts[count(parts) - 1] == "latest"
}

_problem(image) := "has no tag, so it means latest" if {
	_checkable(image)
	not contains(_last_segment(image), ":")
}

# Digests pin the image whatever the tag; unresolved references are not judged.
_checkable(image) if {
	image != ""
	not contains(image, "@")
	not contains(image, "${")
	not contains(image, "$(")
	not contains(image, "{{")
}
