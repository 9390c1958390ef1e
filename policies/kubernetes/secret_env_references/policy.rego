# METADATA
# title: Secrets are mounted as files rather than passed as environment variables
# description: A Secret passed as an environment variable (env valueFrom.secretKeyRef, or envFrom secretRef) is copied into the process environment, where it is inherited by every child process, printed by crash reporters, debug endpoints and `env` in a shell, and often ends up in logs. It is also fixed for the life of the container, so a rotated Secret needs a restart. A Secret volume keeps the value in a file readable only by the container, and Kubernetes updates it in place. Mount Secrets as volumes and have the application read the file.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#secret_key_ref
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-043
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
#     CIS-Kubernetes-1.9: ["5.4.1"]
#     NIST-800-53-r5: ["SC-28", "IA-5"]
#   aliases: [CKV_K8S_35]
package vigil.kubernetes.secret_env_references

import data.vigil.lib
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.is_terraform
import rego.v1

_k := {
	"valueFrom": "value_from",
	"secretKeyRef": "secret_key_ref",
	"envFrom": "env_from",
	"secretRef": "secret_ref",
} if is_terraform

_k := {
	"valueFrom": "valueFrom",
	"secretKeyRef": "secretKeyRef",
	"envFrom": "envFrom",
	"secretRef": "secretRef",
} if not is_terraform

# One variable from a Secret.
deny contains result if {
	some c in containers
	some e in lib.block_entries(c.container, "env", c.path)
	is_object(e.value)
	some vf in lib.block_entries(e.value, _k.valueFrom, e.path)
	some ref in lib.block_entries(vf.value, _k.secretKeyRef, vf.path)
	result := {
		"msg": sprintf(
			"Container \"%s\" takes %s from a Secret as an environment variable: child processes inherit it, crash reports and debug output print it, and it does not change when the Secret is rotated. Mount the Secret as a volume and read the file instead.",
			[c.name, _env_name(e.value)],
		),
		"path": ref.path,
	}
}

# A whole Secret as variables.
deny contains result if {
	some c in containers
	some e in lib.block_entries(c.container, _k.envFrom, c.path)
	is_object(e.value)
	some ref in lib.block_entries(e.value, _k.secretRef, e.path)
	result := {
		"msg": sprintf(
			"Container \"%s\" loads the Secret %s as environment variables: child processes inherit them, crash reports and debug output print them, and they do not change when the Secret is rotated. Mount the Secret as a volume and read the files instead.",
			[c.name, _secret_name(ref.value)],
		),
		"path": ref.path,
	}
}

_env_name(e) := e.name if is_string(e.name)

_env_name(e) := "a variable" if not is_string(e.name)

_secret_name(ref) := sprintf("\"%s\"", [ref.name]) if is_string(ref.name)

_secret_name(ref) := "(unnamed)" if not is_string(ref.name)
