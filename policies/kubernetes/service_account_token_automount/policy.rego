# METADATA
# title: Pods mount a service account token only when they need one
# description: Unless told otherwise, Kubernetes mounts a token of the pod's service account into every container, and the Terraform provider's automount_service_account_token defaults to true as well. Most applications never call the Kubernetes API, but anyone who gets code execution in them can read the token and act with the service account's permissions. Set automountServiceAccountToken to false on the pod spec, or on its ServiceAccount, for workloads that do not talk to the API server. A pod spec that does not set it is reported unless its ServiceAccount, defined in the same stack, sets automountServiceAccountToken; an explicit true, on the pod or its ServiceAccount, is taken as a deliberate choice.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#automount_service_account_token
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/service_account_v1#automount_service_account_token
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/serviceaccount/
# custom:
#   id: VGL-K8S-014
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
#     CIS-Kubernetes-1.9: ["5.1.5", "5.1.6"]
#     NIST-800-53-r5: ["AC-6", "IA-5"]
#   aliases: [CKV_K8S_38]
package vigil.kubernetes.service_account_token_automount

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_key := "automount_service_account_token" if is_terraform

_key := "automountServiceAccountToken" if not is_terraform

deny contains result if {
	some ps in pod_specs
	_unset(ps.spec, _key)
	sa := _service_account(ps.spec)
	not k8s.is_placeholder(sa)
	not _account_disables(sa)
	result := {
		"msg": sprintf(
			"The pod does not set %s, so a token of the service account \"%s\" is mounted into its containers: code running in them can call the Kubernetes API with that account's permissions. Set %s to false unless the workload talks to the API server.",
			[_key, sa, _key],
		),
		"path": ps.path,
		"fix": [{"op": "add", "path": sprintf("%s/%s", [ps.path, _key]), "value": false}],
		"fix_safety": "unsafe",
	}
}

# The service account named through a reference to a ServiceAccount resource of the
# stack (Terraform: kubernetes_service_account_v1.app.metadata[0].name), whose value is
# not known here: the resource referred to decides.
deny contains result if {
	some ps in pod_specs
	_unset(ps.spec, _key)
	some k in _account_keys
	k8s.is_placeholder(ps.spec[k])
	some address in object.get(input.resource.references, sprintf("%s/%s", [ps.path, k]), [])
	account := _referenced_account(address)
	_unset(account.resource.values, account.key)
	result := {
		"msg": sprintf(
			"The pod does not set %s, and neither does its service account (%s), so the account's token is mounted into its containers: code running in them can call the Kubernetes API with that account's permissions. Set %s to false unless the workload talks to the API server.",
			[_key, address, _key],
		),
		"path": ps.path,
		"fix": [{"op": "add", "path": sprintf("%s/%s", [ps.path, _key]), "value": false}],
		"fix_safety": "unsafe",
	}
}

_referenced_account(address) := {
	"resource": lib.stack_resource_at("kubernetes_service_account_v1", address),
	"key": "automount_service_account_token",
}

_referenced_account(address) := {
	"resource": lib.stack_resource_at("kubernetes_service_account", address),
	"key": "automount_service_account_token",
}

_referenced_account(address) := {
	"resource": lib.stack_resource_at("kubernetes:core/v1:ServiceAccount", address),
	"key": "automountServiceAccountToken",
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null

# The service account the pod runs as: serviceAccountName, the deprecated
# serviceAccount, else "default".
_service_account(spec) := spec[k] if {
	some k in _account_keys
	is_string(spec[k])
	spec[k] != ""
}

_service_account(spec) := "default" if {
	every k in _account_keys {
		not _named(spec, k)
	}
}

_named(spec, k) if {
	is_string(spec[k])
	spec[k] != ""
}

_account_keys := ["service_account_name"] if is_terraform

_account_keys := ["serviceAccountName"] if not is_terraform

# A ServiceAccount of the stack with that name decides: it turns automounting off, or
# keeps it on explicitly.
_account_disables(name) if {
	some r in lib.stack_resources("ServiceAccount")
	r.values.metadata.name == name
	_off(r.values.automountServiceAccountToken)
}

_account_disables(name) if {
	some r in lib.stack_resources("kubernetes:core/v1:ServiceAccount")
	r.values.metadata.name == name
	_off(r.values.automountServiceAccountToken)
}

_account_disables(name) if {
	some r in lib.stack_resources("kubernetes_service_account_v1")
	r.values.metadata.name == name
	_off(r.values.automount_service_account_token)
}

_account_disables(name) if {
	some r in lib.stack_resources("kubernetes_service_account")
	r.values.metadata.name == name
	_off(r.values.automount_service_account_token)
}

_account_disables("default") if {
	some r in lib.stack_resources("kubernetes_default_service_account_v1")
	_off(r.values.automount_service_account_token)
}

_account_disables("default") if {
	some r in lib.stack_resources("kubernetes_default_service_account")
	_off(r.values.automount_service_account_token)
}

# Set either way: off, an explicit true (a deliberate choice, as on the pod), or a
# value not known here.
_off(x) if x != null
