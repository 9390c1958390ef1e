# METADATA
# title: Workloads are not deployed to the default namespace
# description: The default namespace is where everything lands that nobody placed on purpose. Workloads there share RBAC bindings, network policies, quotas and service accounts with whatever else was dropped in it, so one team's permissions or a compromised pod reach the others. Put each application in a namespace of its own. A manifest or Pulumi resource without metadata.namespace is deployed to the namespace of the kubectl context or of the Pulumi provider (often set by kustomize or the pipeline), so only an explicit `default` is reported there; the Terraform provider's metadata.namespace defaults to "default", so an omitted namespace is reported for Terraform resources.
# related_resources:
#   - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#namespace
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-011
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
#     - Service
#     - kubernetes_service
#     - kubernetes_service_v1
#     - "kubernetes:core/v1:Service"
#   controls:
#     CIS-Kubernetes-1.9: ["5.7.1", "5.7.4"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#   aliases: [CKV_K8S_21]
package vigil.kubernetes.default_namespace

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The metadata block: an object in manifests and Pulumi (under /manifest in a
# kubernetes_manifest), one block in Terraform.
_metadata := m if {
	some e in lib.block_entries(manifest_root.value, "metadata", manifest_root.path)
	m := e
}

# A kubernetes_manifest is judged only when it is a workload or a Service.
_selected if input.resource.type != "kubernetes_manifest"

_selected if input_type in {
	"Pod", "apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet",
	"batch/Job", "batch/CronJob", "ReplicationController", "Service",
}

deny contains result if {
	_selected
	m := _metadata
	ns := m.value.namespace
	is_string(ns)
	trim_space(ns) == "default"
	result := {
		"msg": sprintf(
			"%s is deployed to the default namespace: it shares RBAC bindings, network policies and service accounts with everything else placed there. Give it a namespace of its own (namespace%s\"<app>\").",
			[_what, _sep],
		),
		"path": sprintf("%s/namespace", [m.path]),
	}
}

# Terraform: metadata.namespace defaults to "default".
deny contains result if {
	is_terraform
	m := _metadata
	is_object(m.value)
	_unset(m.value, "namespace")
	result := {
		"msg": sprintf(
			"%s sets no metadata namespace, and the Terraform provider then uses the default namespace, which it shares with everything else placed there (RBAC bindings, network policies, service accounts). Set namespace = \"<app>\" in its metadata block.",
			[_what],
		),
		"path": m.path,
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null

_what := sprintf("%s \"%s\"", [_kind, _name])

_name := n if {
	n := _metadata.value.name
	is_string(n)
}

_name := input.resource.name if not is_string(_metadata.value.name)

_kind := "The Service" if input_type in {"Service", "kubernetes_service", "kubernetes_service_v1"}

_kind := "The workload" if not input_type in {"Service", "kubernetes_service", "kubernetes_service_v1"}

_sep := " = " if is_terraform

_sep := ": " if not is_terraform
