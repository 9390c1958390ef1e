# METADATA
# title: Containers add no capabilities beyond the baseline set
# description: Linux capabilities split root's power into pieces; the container runtime grants a small default set. Adding capabilities outside the Baseline Pod Security Standard's list (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) hands the container powers such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE that make escaping to the node or attacking other workloads much easier; ALL adds every one of them. Remove the capability, or move the workload that truly needs it to a dedicated, tightly controlled namespace.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#   - https://man7.org/linux/man-pages/man7/capabilities.7.html
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-006
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
#     Kubernetes-Pod-Security-Standards: ["baseline:capabilities"]
#     CIS-Kubernetes-1.9: ["5.2.9"]
#     NIST-800-53-r5: ["AC-6", "CM-7"]
#     PCI-DSS-4.0: ["2.2.6"]
#   aliases: [CKV_K8S_25, CKV_K8S_39, KSV-0022]
package vigil.kubernetes.added_capabilities

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

# The capabilities the Baseline Pod Security Standard allows a container to add.
baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

deny contains result if {
	some c in containers
	not k8s.is_windows(c.pod_spec)
	sc := k8s.container_security_context(c)
	some caps in lib.block_entries(sc.value, "capabilities", sc.path)
	is_array(caps.value.add)
	some i, cap in caps.value.add
	is_string(cap)
	not k8s.is_placeholder(cap)
	name := trim_prefix(upper(trim_space(cap)), "CAP_")
	not name in baseline_capabilities
	result := {
		"msg": sprintf(
			"Container \"%s\" adds the capability %s, which is outside the Pod Security baseline set: %s. Remove it, or run this workload under a dedicated, tightly controlled namespace.",
			[c.name, cap, _why(name)],
		),
		"path": sprintf("%s/add/%d", [caps.path, i]),
	}
}

_risk := {
	"ALL": "it grants every capability, close to running privileged",
	"SYS_ADMIN": "it allows mounts, namespace changes and many other administrative operations that are a common path to escaping the container",
	"NET_ADMIN": "it lets the container reconfigure interfaces, routes and firewall rules",
	"NET_RAW": "it allows raw sockets, used for spoofing and sniffing traffic",
	"SYS_PTRACE": "it lets the container trace and inspect other processes",
	"SYS_MODULE": "it allows loading kernel modules, which is full control of the node",
	"DAC_READ_SEARCH": "it bypasses file read permission checks and allows opening files by handle, a known container escape",
}

_why(name) := _risk[name]

_why(name) := "it widens what a compromised process can do to the node and to other workloads" if not _risk[name]
