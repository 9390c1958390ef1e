package vigil.kubernetes.seccomp_profile_test

import data.vigil.kubernetes.seccomp_profile as p
import rego.v1

_manifest(type, values) := {"resource": {
	"address": "default/web",
	"type": type,
	"name": "web",
	"mode": "managed",
	"source": "kubernetes",
	"values": values,
	"references": {},
	"unknown": [],
}}

_tf(type, values) := {"resource": {
	"address": sprintf("%s.web", [type]),
	"type": type,
	"name": "web",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_deployment(pod_spec) := _manifest("apps/Deployment", {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

_paths(results) := {r.path | some r in results}

_runtime_default := {"type": "RuntimeDefault"}

# --- manifests: missing ----------------------------------------------------------

test_no_profile_anywhere if {
	results := p.deny with input as _deployment({"containers": [
		{"name": "app", "image": "nginx:1.27"},
		{"name": "sidecar", "image": "envoy:1.30", "securityContext": {"runAsNonRoot": true}},
	]})
	_paths(results) == {"/spec/template/spec/containers/0", "/spec/template/spec/containers/1/securityContext"}
	some r in results
	r.path == "/spec/template/spec/containers/0"
	r.fix == [{"op": "add", "path": "/spec/template/spec/containers/0/securityContext", "value": {"seccompProfile": {"type": "RuntimeDefault"}}}]
	r.fix_safety == "unsafe"
	contains(r.msg, "\"app\"")
	contains(r.msg, "securityContext.seccompProfile.type")
	some r2 in results
	r2.path == "/spec/template/spec/containers/1/securityContext"
	r2.fix == [{"op": "add", "path": "/spec/template/spec/containers/1/securityContext/seccompProfile", "value": {"type": "RuntimeDefault"}}]
}

test_init_and_ephemeral_containers_count if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"initContainers": [{"name": "setup", "image": "busybox:1.36"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": _runtime_default}}],
		"ephemeralContainers": [{"name": "debug", "image": "busybox:1.36"}],
	}})
	_paths(results) == {"/spec/initContainers/0", "/spec/ephemeralContainers/0"}
}

# --- manifests: set --------------------------------------------------------------

test_pod_level_runtime_default if {
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": _runtime_default},
		"initContainers": [{"name": "setup", "image": "busybox:1.36"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"runAsNonRoot": true}}],
	})
	count(results) == 0
}

test_container_level_localhost if {
	results := p.deny with input as _deployment({"containers": [{
		"name": "app",
		"image": "nginx:1.27",
		"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/app.json"}},
	}]})
	count(results) == 0
}

# --- manifests: an explicit Unconfined is VGL-K8S-056's (baseline) -------------

test_container_unconfined_is_not_reported_here if {
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": _runtime_default},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "tracer", "image": "tracer:1", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
		],
	})
	count(results) == 0
}

test_pod_unconfined_is_not_reported_here if {
	# Neither the pod's setting nor the containers that inherit it: the baseline
	# policy reports the pod's Unconfined once.
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "worker", "image": "worker:1", "securityContext": {"runAsNonRoot": true}},
			{"name": "tracer", "image": "tracer:1", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
		],
	})
	count(results) == 0
}

test_pod_and_container_unconfined_are_not_reported_here if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"initContainers": [{"name": "setup", "image": "busybox:1.36"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	}})
	count(results) == 0
}

test_cronjob_paths if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/containers/0"}
}

# --- skipped ---------------------------------------------------------------------

test_windows_pods_are_skipped if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"os": {"name": "windows"},
		"containers": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}],
	}})
	count(results) == 0
	results2 := p.deny with input as _deployment({
		"nodeSelector": {"kubernetes.io/os": "windows"},
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}],
	})
	count(results2) == 0
}

test_legacy_pod_annotation if {
	values := {"spec": {"template": {
		"metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}},
		"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
	}}}
	results := p.deny with input as _manifest("apps/Deployment", values)
	count(results) == 0
}

test_legacy_container_annotation if {
	values := {
		"metadata": {"annotations": {
			"seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
			"container.seccomp.security.alpha.kubernetes.io/debug": "unconfined",
			"container.seccomp.security.alpha.kubernetes.io/app": "localhost/profiles/app.json",
		}},
		"spec": {"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "debug", "image": "busybox:1.36"},
			{"name": "other", "image": "busybox:1.36"},
		]},
	}
	results := p.deny with input as _manifest("Pod", values)
	_paths(results) == {"/spec/containers/1"}
}

test_legacy_unconfined_annotation_is_not_a_profile if {
	values := {"spec": {"template": {
		"metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}},
		"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
	}}}
	results := p.deny with input as _manifest("apps/Deployment", values)
	count(results) == 1
}

test_other_kinds_are_ignored if {
	results := p.deny with input as _manifest("Service", {"spec": {"template": {"spec": {"containers": [{"name": "app"}]}}}})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_missing if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {
		"metadata": {"name": "web"},
		"spec": {"template": {"metadata": {}, "spec": {"container": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "sidecar", "image": "envoy:1.30", "security_context": {"run_as_non_root": true}},
		]}}},
	})
	_paths(results) == {"/spec/template/spec/container/0", "/spec/template/spec/container/1/security_context"}
	some r in results
	r.path == "/spec/template/spec/container/0"
	r.fix == [{"hcl": "block", "op": "add", "path": "/spec/template/spec/container/0/security_context", "value": {"seccomp_profile": {"type": "RuntimeDefault"}}}]
	contains(r.msg, "security_context.seccomp_profile.type")
	some r2 in results
	r2.fix == [{"hcl": "block", "op": "add", "path": "/spec/template/spec/container/1/security_context/seccomp_profile", "value": {"type": "RuntimeDefault"}}]
}

test_tf_pod_level_runtime_default if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"security_context": {"seccomp_profile": {"type": "RuntimeDefault"}},
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(results) == 0
}

test_tf_unconfined_is_not_reported_here if {
	results := p.deny with input as _tf("kubernetes_pod", {"spec": {
		"security_context": {"seccomp_profile": {"type": "Unconfined"}},
		"container": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "tracer", "image": "tracer:1", "security_context": {"seccomp_profile": {"type": "Unconfined"}}},
		],
	}})
	count(results) == 0
}

test_tf_legacy_annotation if {
	results := p.deny with input as _tf("kubernetes_deployment", {"spec": {"template": {
		"metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}},
		"spec": {"container": {"name": "app", "image": "nginx:1.27"}},
	}}})
	count(results) == 0
}

test_tf_windows_node_selector if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"node_selector": {"kubernetes.io/os": "windows"},
		"container": {"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"},
	}}}})
	count(results) == 0
}

# --- unknown values ------------------------------------------------------------

test_unknown_values_do_not_fire if {
	r1 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": "${dynamic.security_context}",
	}}})
	count(r1) == 0
	r2 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"security_context": "${dynamic.security_context}",
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(r2) == 0
	r3 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": {"seccomp_profile": "${dynamic.seccomp_profile}"},
	}}})
	count(r3) == 0
	r4 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": {"seccomp_profile": {"type": "${var.seccomp}"}},
	}}})
	count(r4) == 0
	r5 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"security_context": {"seccomp_profile": {"type": "${var.seccomp}"}},
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(r5) == 0
}

# --- Pulumi --------------------------------------------------------------------

_pulumi(type, values) := {"resource": {
	"address": "web",
	"type": type,
	"name": "web",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

_pulumi_deployment(pod_spec) := _pulumi("kubernetes:apps/v1:Deployment", {
	"metadata": {"name": "web"},
	"spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

test_pulumi_runtime_default_on_pod if {
	results := p.deny with input as _pulumi_deployment({
		"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	})
	count(results) == 0
}

test_pulumi_unconfined_is_not_reported_here if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
	]})
	count(results) == 0
}

test_pulumi_missing if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "app", "image": "nginx:1.27"}]})
	_paths(results) == {"/spec/template/spec/containers/0"}
}
