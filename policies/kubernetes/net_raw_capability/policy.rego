# METADATA
# title: Containers do not keep the NET_RAW capability
# description: NET_RAW is in the container runtime's default capability set. It lets a process open raw and packet sockets, which is enough to forge packets, spoof ARP and DNS answers to other pods on the node, and sniff traffic. Kubernetes and the Terraform provider keep it unless the container drops it. Drop it (capabilities.drop with NET_RAW, or better ALL), and do not add it back; a container that needs ping can use the net.ipv4.ping_group_range sysctl instead.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1#capabilities
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-013
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
#     CIS-Kubernetes-1.9: ["5.2.8"]
#     NIST-800-53-r5: ["AC-6", "CM-7", "SC-7"]
#   aliases: [CKV_K8S_28]
package vigil.kubernetes.net_raw_capability

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

_cap(x) := trim_prefix(upper(trim_space(x)), "CAP_") if is_string(x)

_drops_net_raw(drop) if {
	some d in drop
	_cap(d) in {"ALL", "NET_RAW"}
}

# Anything written through an unknown value is given the benefit of the doubt.
_unknown_list(list) if {
	some d in list
	k8s.is_placeholder(d)
}

# Added back (or ALL added).
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	some caps in lib.block_entries(sc.value, "capabilities", sc.path)
	is_array(caps.value.add)
	some i, cap in caps.value.add
	_cap(cap) in {"ALL", "NET_RAW"}
	result := {
		"msg": sprintf(
			"Container \"%s\" adds %s, which gives it NET_RAW: raw sockets let a compromised process forge and sniff packets of other pods on the node. Remove it from capabilities.add.",
			[c.name, cap],
		),
		"path": sprintf("%s/add/%d", [caps.path, i]),
	}
}

# A drop list without NET_RAW or ALL.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	some caps in lib.block_entries(sc.value, "capabilities", sc.path)
	drop := caps.value.drop
	is_array(drop)
	not _drops_net_raw(drop)
	not _unknown_list(drop)
	path := sprintf("%s/drop", [caps.path])
	result := {
		"msg": sprintf(
			"Container \"%s\" drops some capabilities but not NET_RAW, so it can open raw sockets to forge and sniff packets of other pods on the node. Add NET_RAW (or ALL) to capabilities.drop.",
			[c.name],
		),
		"path": path,
		"fix": [{"op": "add", "path": sprintf("%s/-", [path]), "value": "NET_RAW"}],
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
			"Container \"%s\" drops no capabilities, so it keeps NET_RAW from the runtime's default set and can open raw sockets to forge and sniff packets of other pods on the node. Set capabilities.drop to [\"NET_RAW\"] (or [\"ALL\"]).",
			[c.name],
		),
		"path": caps.path,
		"fix": [{"op": "add", "path": sprintf("%s/drop", [caps.path]), "value": ["NET_RAW"]}],
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
			"Container \"%s\" drops no capabilities, so it keeps NET_RAW from the runtime's default set and can open raw sockets to forge and sniff packets of other pods on the node. Add capabilities with drop [\"NET_RAW\"] (or [\"ALL\"]) to its %s.",
			[c.name, _sc],
		),
		"path": sc.path,
		"fix": [object.union(
			{"op": "add", "path": sprintf("%s/capabilities", [sc.path]), "value": {"drop": ["NET_RAW"]}},
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
			"Container \"%s\" has no %s, so it keeps NET_RAW from the runtime's default set and can open raw sockets to forge and sniff packets of other pods on the node. Add %s with capabilities.drop [\"NET_RAW\"] (or [\"ALL\"]).",
			[c.name, _sc, _sc],
		),
		"path": c.path,
		"fix": [object.union(
			{"op": "add", "path": sprintf("%s/%s", [c.path, _sc]), "value": {"capabilities": {"drop": ["NET_RAW"]}}},
			_hcl_block,
		)],
		"fix_safety": "unsafe",
	}
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null
