package vigil.kubernetes.seccomp_unconfined_test

import data.vigil.kubernetes.seccomp_unconfined as p
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

# --- manifests: Unconfined -------------------------------------------------------

test_container_unconfined_overrides_pod if {
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": _runtime_default},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "tracer", "image": "tracer:1", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
		],
	})
	_paths(results) == {"/spec/template/spec/containers/1/securityContext/seccompProfile/type"}
	some r in results
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/1/securityContext/seccompProfile/type", "value": "RuntimeDefault"}]
	contains(r.msg, "\"tracer\"")
}

test_pod_unconfined_inherited if {
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "safe", "image": "safe:1", "securityContext": {"seccompProfile": _runtime_default}},
			{"name": "worker", "image": "worker:1", "securityContext": {"runAsNonRoot": true}},
		],
	})
	_paths(results) == {"/spec/template/spec/securityContext/seccompProfile/type"}
	some r in results
	contains(r.msg, "(app, worker)")
}

test_pod_unconfined_every_container_overrides if {
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": _runtime_default}}],
	})
	_paths(results) == {"/spec/template/spec/securityContext/seccompProfile/type"}
	some r in results
	contains(r.msg, "Pod Security admission")
}

test_container_unconfined_and_pod_unconfined if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	}})
	_paths(results) == {"/spec/securityContext/seccompProfile/type", "/spec/containers/0/securityContext/seccompProfile/type"}
}

test_init_container_unconfined if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"initContainers": [{"name": "setup", "image": "busybox:1.36", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": _runtime_default}}],
	}})
	_paths(results) == {"/spec/initContainers/0/securityContext/seccompProfile/type"}
}

# --- not this policy's concern ---------------------------------------------------

test_no_profile_is_not_reported_here if {
	# A container with no profile at all is VGL-K8S-010's (restricted).
	results := p.deny with input as _deployment({"containers": [
		{"name": "app", "image": "nginx:1.27"},
		{"name": "sidecar", "image": "envoy:1.30", "securityContext": {"runAsNonRoot": true}},
	]})
	count(results) == 0
}

test_runtime_default_and_localhost if {
	results := p.deny with input as _deployment({
		"securityContext": {"seccompProfile": _runtime_default},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "audited", "image": "audited:1", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/app.json"}}},
		],
	})
	count(results) == 0
}

test_legacy_unconfined_annotation_is_not_reported_here if {
	values := {"spec": {"template": {
		"metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}},
		"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
	}}}
	results := p.deny with input as _manifest("apps/Deployment", values)
	count(results) == 0
}

test_windows_pods_are_skipped if {
	results := p.deny with input as _deployment({
		"nodeSelector": {"kubernetes.io/os": "windows"},
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	})
	count(results) == 0
}

test_other_kinds_are_ignored if {
	results := p.deny with input as _manifest("ConfigMap", {"data": {"seccomp": "Unconfined"}})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_container_unconfined if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"spec": {"job_template": {"spec": {"template": {"spec": {
		"security_context": {"seccomp_profile": {"type": "RuntimeDefault"}},
		"container": {"name": "job", "image": "job:1", "security_context": {"seccomp_profile": {"type": "Unconfined"}}},
	}}}}}})
	_paths(results) == {"/spec/job_template/spec/template/spec/container/security_context/seccomp_profile/type"}
}

test_tf_pod_unconfined if {
	results := p.deny with input as _tf("kubernetes_pod", {"spec": {
		"security_context": {"seccomp_profile": {"type": "Unconfined"}},
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	_paths(results) == {"/spec/security_context/seccomp_profile/type"}
}

test_tf_no_profile_is_not_reported_here if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {"container": [
		{"name": "app", "image": "nginx:1.27"},
	]}}}})
	count(results) == 0
}

# --- unknown values ------------------------------------------------------------

test_unknown_values_do_not_fire if {
	r1 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": {"seccomp_profile": {"type": "${var.seccomp}"}},
	}}})
	count(r1) == 0
	r2 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"security_context": {"seccomp_profile": {"type": "${var.seccomp}"}},
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(r2) == 0
	r3 := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"security_context": "${dynamic.security_context}",
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(r3) == 0
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

test_pulumi_unconfined if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/seccompProfile/type"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/seccompProfile/type", "value": "RuntimeDefault"}]
}

test_pulumi_pod_unconfined if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {
		"metadata": {"name": "debug"},
		"spec": {
			"securityContext": {"seccompProfile": {"type": "Unconfined"}},
			"containers": [{"name": "shell", "image": "busybox:1.36"}],
		},
	})
	_paths(results) == {"/spec/securityContext/seccompProfile/type"}
	some r in results
	r.fix == [{"op": "replace", "path": "/spec/securityContext/seccompProfile/type", "value": "RuntimeDefault"}]
	contains(r.msg, "(shell)")
}

test_pulumi_runtime_default_and_no_profile if {
	results := p.deny with input as _pulumi_deployment({
		"containers": [
			{"name": "app", "image": "nginx:1.27", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}},
			{"name": "sidecar", "image": "envoy:1.30"},
		],
	})
	count(results) == 0
}
