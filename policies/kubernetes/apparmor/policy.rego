# METADATA
# title: Containers are not run without AppArmor confinement
# description: On nodes with AppArmor, the container runtime confines every container with its default profile, which blocks mounts, writes to sensitive /proc and /sys files and other common escape steps. A profile of Unconfined (securityContext.appArmorProfile.type, or the older annotation container.apparmor.security.beta.kubernetes.io/<container> set to unconfined) removes that layer. The Baseline Pod Security Standard allows only RuntimeDefault and Localhost profiles; leaving the profile out keeps the runtime's default, which is not reported. The Terraform provider has no appArmorProfile argument, so for Terraform resources the annotations of the pod template's metadata are checked.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tutorials/security/apparmor/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1#annotations
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
# custom:
#   id: VGL-K8S-023
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
#     Kubernetes-Pod-Security-Standards: ["baseline:apparmor"]
#     NIST-800-53-r5: ["AC-6", "CM-7", "SC-39"]
#   aliases: [KSV-0002]
package vigil.kubernetes.apparmor

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
# The library's rules are imported by name: read through the `k8s` alias, the VM
# would assemble the whole data.vigil.lib.kubernetes document for each resource.
import data.vigil.lib.kubernetes.containers
import data.vigil.lib.kubernetes.pod_specs
import rego.v1

_prefix := "container.apparmor.security.beta.kubernetes.io/"

# ---------------------------------------------------------------------------
# The annotation, on the metadata next to each pod spec.

deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	meta := _metadata(ps.path)
	some key, value in meta.value.annotations
	startswith(key, _prefix)
	is_string(value)
	not k8s.is_placeholder(value)
	not _allowed_annotation(trim_space(value))
	path := sprintf("%s/annotations/%s", [meta.path, _escape(key)])
	result := {
		"msg": sprintf(
			"The annotation %s is \"%s\", so container \"%s\" runs without the runtime's AppArmor profile: mounts and writes to kernel interfaces that the profile blocks are open to code running in it. Use runtime/default, or localhost/<profile>.",
			[key, value, substring(key, count(_prefix), -1)],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "runtime/default"}],
		"fix_safety": "unsafe",
	}
}

_allowed_annotation(v) if v in {"", "runtime/default"}

_allowed_annotation(v) if startswith(v, "localhost/")

# ---------------------------------------------------------------------------
# securityContext.appArmorProfile on the pod or a container.

deny contains result if {
	some c in containers
	not k8s.is_windows(c.pod_spec)
	s := k8s.container_setting(c, "appArmorProfile")
	profile := s.value
	is_object(profile)
	_unconfined(profile.type)
	path := sprintf("%s/type", [s.path])
	result := {
		"msg": sprintf(
			"Container \"%s\" sets appArmorProfile.type to %s, so it runs without the runtime's AppArmor profile: mounts and writes to kernel interfaces that the profile blocks are open to code running in it. Use RuntimeDefault, or Localhost with a profile that allows what it needs.",
			[c.name, profile.type],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "RuntimeDefault"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	some ps in pod_specs
	not k8s.is_windows(ps.spec)
	psc := k8s.pod_security_context(ps)
	profile := psc.value.appArmorProfile
	is_object(profile)
	_unconfined(profile.type)
	path := sprintf("%s/appArmorProfile/type", [psc.path])
	result := {
		"msg": sprintf(
			"The pod sets appArmorProfile.type to %s, so its containers that do not set their own profile run without the runtime's AppArmor profile, and Pod Security admission (baseline) rejects the pod. Use RuntimeDefault, or Localhost with a profile that allows what they need.",
			[profile.type],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "RuntimeDefault"}],
		"fix_safety": "unsafe",
	}
}

_unconfined(t) if {
	is_string(t)
	not k8s.is_placeholder(t)
	not t in {"RuntimeDefault", "Localhost"}
}

# ---------------------------------------------------------------------------
# The metadata next to a pod spec: /spec/template/spec -> /spec/template/metadata,
# /spec -> /metadata (a Pod). {"path", "value"}; in Terraform a block (an object).

_metadata(spec_path) := {"path": meta, "value": m} if {
	meta := regex.replace(spec_path, `/spec(/[0-9]+)?$`, "/metadata")
	keys := [_segment(s) | some s in split(trim_prefix(meta, "/"), "/")]
	m := object.get(input.resource.values, keys, null)
	is_object(m)
	is_object(m.annotations)
}

_segment(s) := to_number(s) if regex.match(`^[0-9]+$`, s)

_segment(s) := s if not regex.match(`^[0-9]+$`, s)

# JSON Pointer escaping of a key: ~ -> ~0, / -> ~1.
_escape(key) := replace(replace(key, "~", "~0"), "/", "~1")
