# METADATA
# title: Containers drop all capabilities
# description: A container starts with the runtime's default Linux capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, KILL and more) unless it drops them, and most applications need none of them. Each is something a compromised process can use against the node or its neighbours. The Restricted Pod Security Standard requires capabilities.drop to contain ALL; add back only the capability the workload needs (NET_BIND_SERVICE). Kubernetes and the Terraform provider drop nothing by default.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#capabilities
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-012
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
#     Kubernetes-Pod-Security-Standards: ["restricted:capabilities"]
#     CIS-Kubernetes-1.9: ["5.2.10"]
#     NIST-800-53-r5: ["AC-6", "CM-7"]
#   aliases: [KSV-0003]
package vigil.kubernetes.capabilities_drop_all

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.hcl_object_hint
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_sc := k8s.attr("securityContext")

# A nested block for the provider's schema, an object attribute in a kubernetes_manifest.
_hcl_block := hcl_object_hint

# Linux containers whose security context is readable.
_applies(c) if {
	not k8s.is_windows(c.pod_spec)
	not k8s.opaque(c.container, _sc)
	not is_array(c.container[_sc])
}

_drops_all(drop) if {
	some d in drop
	is_string(d)
	upper(trim_space(d)) in {"ALL", "CAP_ALL"}
}

# Anything written through an unknown value is given the benefit of the doubt.
_unknown_list(drop) if {
	some d in drop
	k8s.is_placeholder(d)
}

# A drop list without ALL.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	some caps in lib.block_entries(sc.value, "capabilities", sc.path)
	drop := caps.value.drop
	is_array(drop)
	not _drops_all(drop)
	not _unknown_list(drop)
	path := sprintf("%s/drop", [caps.path])
	result := {
		"msg": sprintf(
			"Container \"%s\" drops some capabilities but not ALL, so it keeps the rest of the runtime's default set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...). Put ALL in capabilities.drop and add back only what it needs.",
			[c.name],
		),
		"path": path,
		"fix": [{"op": "add", "path": sprintf("%s/-", [path]), "value": "ALL"}],
		"fix_safety": "unsafe",
	}
}

# Capabilities without a drop list.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	some caps in lib.block_entries(sc.value, "capabilities", sc.path)
	is_object(caps.value)
	_unset(caps.value, "drop")
	result := {
		"msg": sprintf(
			"Container \"%s\" drops no capabilities, so it keeps the runtime's default set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...). Set capabilities.drop to [\"ALL\"] and add back only what it needs.",
			[c.name],
		),
		"path": caps.path,
		"fix": [{"op": "add", "path": sprintf("%s/drop", [caps.path]), "value": ["ALL"]}],
		"fix_safety": "unsafe",
	}
}

# A security context without capabilities.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	_unset(sc.value, "capabilities")
	result := {
		"msg": sprintf(
			"Container \"%s\" drops no capabilities, so it keeps the runtime's default set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...). Add capabilities with drop [\"ALL\"] to its %s and add back only what it needs.",
			[c.name, _sc],
		),
		"path": sc.path,
		"fix": [object.union(
			{"op": "add", "path": sprintf("%s/capabilities", [sc.path]), "value": {"drop": ["ALL"]}},
			_hcl_block,
		)],
		"fix_safety": "unsafe",
	}
}

# No security context at all.
deny contains result if {
	some c in containers
	_applies(c)
	_unset(c.container, _sc)
	result := {
		"msg": sprintf(
			"Container \"%s\" has no %s, so it keeps the runtime's default capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...). Add %s with capabilities.drop [\"ALL\"] and add back only what it needs.",
			[c.name, _sc, _sc],
		),
		"path": c.path,
		"fix": [object.union(
			{"op": "add", "path": sprintf("%s/%s", [c.path, _sc]), "value": {"capabilities": {"drop": ["ALL"]}}},
			_hcl_block,
		)],
		"fix_safety": "unsafe",
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null
