# METADATA
# title: Containers mount their root filesystem read-only
# description: With a writable root filesystem, an attacker who gets code execution in the container can drop tools, modify binaries and configuration, or persist changes for the life of the container. Setting readOnlyRootFilesystem to true blocks that; give the application emptyDir volumes for the paths it really needs to write (such as /tmp).
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-009
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
#     NIST-800-53-r5: ["CM-7", "SI-7"]
#   aliases: [CKV_K8S_22, KSV-0014]
package vigil.kubernetes.read_only_root_filesystem

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.hcl_object_hint
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

# Ephemeral (debug) containers are left out; Windows does not support the setting.
_applies(c) if {
	c.kind != "ephemeral"
	not k8s.is_windows(c.pod_spec)
	not k8s.opaque(c.container, k8s.attr("securityContext"))
	not is_array(c.container[k8s.attr("securityContext")])
}

# Explicitly writable.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	key := k8s.attr("readOnlyRootFilesystem")
	lib.is_false(sc.value[key])
	path := sprintf("%s/%s", [sc.path, key])
	result := {
		"msg": sprintf(
			"Container \"%s\" sets %s to false: an attacker who runs code in it can change its binaries and configuration. Set it to true and mount emptyDir volumes where the application writes.",
			[c.name, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

# Security context without the setting.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	key := k8s.attr("readOnlyRootFilesystem")
	_unset(sc.value, key)
	result := {
		"msg": sprintf(
			"Container \"%s\" does not set %s, so its root filesystem is writable: an attacker who runs code in it can change its binaries and configuration. Set %s to true and mount emptyDir volumes where the application writes.",
			[c.name, key, key],
		),
		"path": sc.path,
		"fix": [{"op": "add", "path": sprintf("%s/%s", [sc.path, key]), "value": true}],
		"fix_safety": "unsafe",
	}
}

# No security context at all.
deny contains result if {
	some c in containers
	_applies(c)
	sc_key := k8s.attr("securityContext")
	_unset(c.container, sc_key)
	key := k8s.attr("readOnlyRootFilesystem")
	result := {
		"msg": sprintf(
			"Container \"%s\" has no %s, so its root filesystem is writable: an attacker who runs code in it can change its binaries and configuration. Add %s with %s = true and mount emptyDir volumes where the application writes.",
			[c.name, sc_key, sc_key, key],
		),
		"path": c.path,
		"fix": [object.union(
			{"op": "add", "path": sprintf("%s/%s", [c.path, sc_key]), "value": {key: true}},
			_hcl_block,
		)],
		"fix_safety": "unsafe",
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null

# A nested block for the provider's schema, an object attribute in a kubernetes_manifest.
_hcl_block := hcl_object_hint
