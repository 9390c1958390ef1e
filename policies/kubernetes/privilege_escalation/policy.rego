# METADATA
# title: Containers forbid privilege escalation
# description: Unless allowPrivilegeEscalation is false, the kernel's no_new_privs flag is not set on the container's processes, so a setuid binary or file capability inside the image can give a process more privileges than the container started with. The Restricted Pod Security Standard requires every container to set allowPrivilegeEscalation to false explicitly; the default allows escalation.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/pod_v1
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-005
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
#     Kubernetes-Pod-Security-Standards: ["restricted:privilege-escalation"]
#     CIS-Kubernetes-1.9: ["5.2.6"]
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["2.2.6"]
#   aliases: [CKV_K8S_20, KSV-0001]
package vigil.kubernetes.privilege_escalation

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.hcl_object_hint
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_applies(c) if {
	not k8s.is_windows(c.pod_spec)
	not k8s.opaque(c.container, k8s.attr("securityContext"))
	not is_array(c.container[k8s.attr("securityContext")])
}

# Explicitly allowed.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	key := k8s.attr("allowPrivilegeEscalation")
	lib.is_true(sc.value[key])
	path := sprintf("%s/%s", [sc.path, key])
	result := object.union(
		{
			"msg": sprintf(
				"Container \"%s\" sets %s to true: setuid binaries and file capabilities in the image can raise a process's privileges. Set it to false.",
				[c.name, key],
			),
			"path": path,
		},
		_fix(c, [{"op": "replace", "path": path, "value": false}]),
	)
}

# Security context without the setting.
deny contains result if {
	some c in containers
	_applies(c)
	sc := k8s.container_security_context(c)
	key := k8s.attr("allowPrivilegeEscalation")
	_unset(sc.value, key)
	result := object.union(
		{
			"msg": sprintf(
				"Container \"%s\" does not set %s, and the default allows privilege escalation through setuid binaries and file capabilities. Set %s to false.",
				[c.name, key, key],
			),
			"path": sc.path,
		},
		_fix(c, [{"op": "add", "path": sprintf("%s/%s", [sc.path, key]), "value": false}]),
	)
}

# No security context at all.
deny contains result if {
	some c in containers
	_applies(c)
	sc_key := k8s.attr("securityContext")
	_unset(c.container, sc_key)
	key := k8s.attr("allowPrivilegeEscalation")
	result := object.union(
		{
			"msg": sprintf(
				"Container \"%s\" has no %s, so privilege escalation is allowed (the default) through setuid binaries and file capabilities. Add %s with %s = false.",
				[c.name, sc_key, sc_key, key],
			),
			"path": c.path,
		},
		_fix(c, [object.union(
			{"op": "add", "path": sprintf("%s/%s", [c.path, sc_key]), "value": {key: false}},
			_hcl_block,
		)]),
	)
}

_unset(obj, key) if not lib.has_key(obj, key)

_unset(obj, key) if obj[key] == null

# A nested block for the provider's schema, an object attribute in a kubernetes_manifest.
_hcl_block := hcl_object_hint

# allowPrivilegeEscalation cannot be false on a privileged container or one that adds
# CAP_SYS_ADMIN (the API server rejects it): no fix there.
_fix(c, _) := {} if _escalation_required(c)

_fix(c, ops) := {"fix": ops} if not _escalation_required(c)

_escalation_required(c) if {
	sc := k8s.container_security_context(c)
	lib.is_true(sc.value[k8s.attr("privileged")])
}

_escalation_required(c) if {
	sc := k8s.container_security_context(c)
	some caps in lib.as_array(sc.value.capabilities)
	is_array(caps.add)
	some cap in caps.add
	is_string(cap)
	trim_prefix(upper(cap), "CAP_") == "SYS_ADMIN"
}
