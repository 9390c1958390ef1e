# METADATA
# title: Container environment variables do not hold literal secrets
# description: A password, token or key written as an env value is stored in plain text in the manifest or Terraform code, in its version history, in the object Kubernetes stores in etcd (Deployments and Pods are not encrypted like Secrets can be), and it is shown to anyone who can read the workload (kubectl get deployment -o yaml, kubectl describe pod). Keep the value in a Secret and reference it with valueFrom.secretKeyRef (better, mount it as a file), or load it from a secrets manager. This reports an env entry whose name ends in a secret word (PASSWORD, PASSWD, PASS, SECRET, TOKEN, API_KEY/APIKEY, ACCESS_KEY, PRIVATE_KEY, SECRET_KEY) and whose value is a literal; values taken from Secrets, ConfigMaps or fields (valueFrom), values known only at apply time, $(VAR) references, paths and booleans are not reported.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#env
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-028
#   severity: high
#   enforcement: mandatory
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
#     NIST-800-53-r5: ["IA-5", "SC-28"]
package vigil.kubernetes.secrets_in_env

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import rego.v1

deny contains result if {
	some c in containers
	some e in lib.block_entries(c.container, "env", c.path)
	is_object(e.value)
	name := e.value.name
	is_string(name)
	_secret_name(name)
	value := e.value.value
	_literal(value)
	result := {
		"msg": sprintf(
			"Container \"%s\" sets %s to a literal value: the secret is stored in plain text in this code, its history and the workload object, and anyone who can read the workload sees it. Put it in a Secret and reference it with valueFrom.secretKeyRef (or mount it as a file).",
			[c.name, name],
		),
		"path": sprintf("%s/value", [e.path]),
	}
}

# The name ends in a secret word: DB_PASSWORD, GITHUB_TOKEN, STRIPE_API_KEY,
# AWS_SECRET_ACCESS_KEY, JWT_SECRET. PASSWORD_FILE, TOKEN_TTL or SECRET_NAME do not.
_secret_name(name) if regex.match(`(?i)(^|[^A-Za-z0-9])(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|SECRET[_-]?KEY)$`, name)

_secret_name(name) if regex.match(`(?i)^[A-Z0-9_]*(PASSWORD|PASSWD|APIKEY|SECRET|TOKEN)$`, name)

# A literal string: not empty, not unknown, not a $(VAR) or template reference, not a
# path and not a flag.
_literal(v) if {
	is_string(v)
	s := trim_space(v)
	s != ""
	not k8s.is_placeholder(s)
	not contains(s, "$(")
	not contains(s, "{{")
	not startswith(s, "/")
	not lower(s) in {"true", "false", "yes", "no", "on", "off", "null", "none"}
}
