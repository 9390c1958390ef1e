# METADATA
# title: Container images are pinned by digest
# description: A tag, even a version tag, is a movable name, and whoever can push to the repository (or a compromised registry) can point it at another image, and nodes that pull it later run different code from the one that was reviewed and scanned. A digest (`image@sha256:...`) names exactly one image. Pin images by digest, with the tag kept for readers (`nginx:1.27.0@sha256:...`); tools such as Renovate keep digests current. Kubernetes resolves whatever the reference says, with no pinning by default. Images written through unknown values or templates are not checked.
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#image
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-017
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
#     NIST-800-53-r5: ["CM-2", "SI-7"]
#   aliases: [CKV_K8S_43]
package vigil.kubernetes.image_digest

import data.vigil.lib.kubernetes.containers
import rego.v1

deny contains result if {
	some c in containers
	image := c.container.image
	is_string(image)
	_checkable(trim_space(image))
	not regex.match(`@sha256:[0-9a-fA-F]{64}$`, trim_space(image))
	result := {
		"msg": sprintf(
			"Container \"%s\" uses image \"%s\" without a digest: the tag can be moved to another image, so the node may run code that was never reviewed. Pin it by digest (%s@sha256:<digest>).",
			[c.name, image, trim_space(image)],
		),
		"path": sprintf("%s/image", [c.path]),
	}
}

# Unresolved references (variables, Helm or envsubst templates) are not judged, nor is
# a reference already carrying a digest of another algorithm.
_checkable(image) if {
	image != ""
	not contains(image, "@")
	not contains(image, "${")
	not contains(image, "$(")
	not contains(image, "{{")
}
