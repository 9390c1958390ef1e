package vigil.kubernetes.run_as_root_test

import data.vigil.kubernetes.run_as_root as p
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

_paths(results) := {r.path | some r in results}

_pod(spec) := _manifest("Pod", {"apiVersion": "v1", "kind": "Pod", "spec": spec})

# --- manifests -----------------------------------------------------------------

test_no_security_context_anywhere if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	}}}})
	_paths(results) == {"/spec/template/spec/containers/0"}
	some r in results
	contains(r.msg, "app")
	not r.fix
}

test_container_security_context_without_setting if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "nginx:1.27",
		"securityContext": {"allowPrivilegeEscalation": false},
	}]})
	_paths(results) == {"/spec/containers/0/securityContext"}
}

test_container_run_as_user_zero if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "nginx:1.27",
		"securityContext": {"runAsUser": 0},
	}]})
	_paths(results) == {"/spec/containers/0/securityContext/runAsUser"}
}

test_container_run_as_user_zero_despite_pod_non_root if {
	results := p.deny with input as _pod({
		"securityContext": {"runAsNonRoot": true, "runAsUser": 1000},
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"runAsUser": 0}}],
	})
	_paths(results) == {"/spec/containers/0/securityContext/runAsUser"}
}

test_pod_run_as_user_zero_reported_once if {
	results := p.deny with input as _pod({
		"securityContext": {"runAsUser": 0},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "sidecar", "image": "envoy:1.30"},
			{"name": "own-uid", "image": "tool:1", "securityContext": {"runAsUser": 1001}},
		],
	})
	_paths(results) == {"/spec/securityContext/runAsUser"}
	some r in results
	contains(r.msg, "app, sidecar")
	not contains(r.msg, "own-uid")
}

test_pod_level_non_root_covers_all_containers if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {
		"securityContext": {"runAsNonRoot": true},
		"initContainers": [{"name": "init", "image": "busybox:1.36"}],
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "sidecar", "image": "envoy:1.30", "securityContext": {"readOnlyRootFilesystem": true}},
		],
	}}}})
	count(results) == 0
}

test_pod_level_uid_covers_all_containers if {
	results := p.deny with input as _pod({
		"securityContext": {"runAsUser": 10001},
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	})
	count(results) == 0
}

test_container_level_non_root if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "job", "image": "job:1", "securityContext": {"runAsNonRoot": "true"}}],
	}}}}}})
	count(results) == 0
}

test_cronjob_may_run_as_root if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/containers/0"}
}

test_container_overrides_pod_non_root_with_false if {
	results := p.deny with input as _pod({
		"securityContext": {"runAsNonRoot": true},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "legacy", "image": "legacy:1", "securityContext": {"runAsNonRoot": false}},
		],
	})
	_paths(results) == {"/spec/containers/1/securityContext/runAsNonRoot"}
}

test_pod_non_root_false_reported_per_container if {
	results := p.deny with input as _pod({
		"securityContext": {"runAsNonRoot": false},
		"containers": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "sidecar", "image": "envoy:1.30", "securityContext": {"privileged": false}},
		],
	})
	_paths(results) == {"/spec/containers/0", "/spec/containers/1/securityContext"}
}

test_uid_without_non_root_is_enough if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "nginx:1.27",
		"securityContext": {"runAsUser": 65532},
	}]})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_deployment_no_security_context if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"container": {"name": "app", "image": "nginx:1.27"},
	}}}})
	_paths(results) == {"/spec/template/spec/container"}
}

test_tf_repeated_containers if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "app", "image": "nginx:1.27", "security_context": {"run_as_non_root": true}},
		{"name": "debug", "image": "busybox:1.36", "security_context": {"run_as_user": 0}},
	]}})
	_paths(results) == {"/spec/container/1/security_context/run_as_user"}
}

test_tf_pod_level_uid_zero_as_string if {
	results := p.deny with input as _tf("kubernetes_stateful_set_v1", {"spec": {"template": {"spec": {
		"security_context": {"run_as_user": "0"},
		"container": {"name": "db", "image": "postgres:16"},
	}}}})
	_paths(results) == {"/spec/template/spec/security_context/run_as_user"}
}

test_tf_pod_level_non_root if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"spec": {"job_template": {"spec": {"template": {"spec": {
		"security_context": {"run_as_non_root": true, "run_as_user": "1000"},
		"container": {"name": "job", "image": "job:1"},
		"init_container": {"name": "init", "image": "busybox:1.36"},
	}}}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_uid_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": {"run_as_user": "${var.uid}"},
	}}})
	count(results) == 0
}

test_dynamic_security_context_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"security_context": "${dynamic.security_context}",
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(results) == 0
}

test_windows_pods_are_skipped if {
	results := p.deny with input as _pod({
		"os": {"name": "windows"},
		"containers": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}],
	})
	count(results) == 0
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

test_pulumi_uid_zero if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"runAsUser": 0, "runAsNonRoot": true}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/runAsUser"
}

test_pulumi_non_root_pod if {
	results := p.deny with input as _pulumi_deployment({
		"securityContext": {"runAsNonRoot": true, "runAsUser": 10001},
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	})
	count(results) == 0
}
