package vigil.kubernetes.read_only_root_filesystem_test

import data.vigil.kubernetes.read_only_root_filesystem as p
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

test_explicit_false if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "app:1",
		"securityContext": {"readOnlyRootFilesystem": false},
	}]})
	_paths(results) == {"/spec/containers/0/securityContext/readOnlyRootFilesystem"}
	some r in results
	r.fix == [{"op": "replace", "path": "/spec/containers/0/securityContext/readOnlyRootFilesystem", "value": true}]
	r.fix_safety == "unsafe"
}

test_missing_in_security_context if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {"containers": [{
		"name": "app",
		"image": "app:1",
		"securityContext": {"runAsNonRoot": true},
	}]}}}})
	_paths(results) == {"/spec/template/spec/containers/0/securityContext"}
	some r in results
	r.fix == [{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", "value": true}]
}

test_no_security_context if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/containers/0"}
	some r in results
	r.fix == [{
		"op": "add",
		"path": "/spec/jobTemplate/spec/template/spec/containers/0/securityContext",
		"value": {"readOnlyRootFilesystem": true},
	}]
}

test_init_checked_ephemeral_not if {
	results := p.deny with input as _pod({
		"initContainers": [{"name": "init", "image": "busybox:1.36", "securityContext": {"readOnlyRootFilesystem": "false"}}],
		"containers": [{"name": "app", "image": "app:1", "securityContext": {"readOnlyRootFilesystem": true}}],
		"ephemeralContainers": [{"name": "debugger", "image": "busybox:1.36"}],
	})
	_paths(results) == {"/spec/initContainers/0/securityContext/readOnlyRootFilesystem"}
}

test_read_only_everywhere if {
	results := p.deny with input as _pod({"containers": [
		{"name": "a", "image": "a:1", "securityContext": {"readOnlyRootFilesystem": true}},
		{"name": "b", "image": "b:1", "securityContext": {"readOnlyRootFilesystem": "true"}},
	]})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_no_security_context if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"container": {"name": "app", "image": "app:1"},
	}}}})
	_paths(results) == {"/spec/template/spec/container"}
	some r in results
	r.fix == [{
		"op": "add",
		"path": "/spec/template/spec/container/security_context",
		"value": {"read_only_root_filesystem": true},
		"hcl": "block",
	}]
}

test_tf_repeated_containers if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "app", "image": "app:1", "security_context": {"read_only_root_filesystem": true}},
		{"name": "cache", "image": "redis:7", "security_context": {"read_only_root_filesystem": false}},
	]}})
	_paths(results) == {"/spec/container/1/security_context/read_only_root_filesystem"}
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"spec": {"job_template": {"spec": {"template": {"spec": {
		"container": {"name": "job", "image": "job:1", "security_context": {"read_only_root_filesystem": true}},
	}}}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_values_do_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "a", "image": "a:1", "security_context": {"read_only_root_filesystem": "${var.ro}"}},
		{"name": "b", "image": "b:1", "security_context": "${dynamic.security_context}"},
	]}})
	count(results) == 0
}

test_pod_level_security_context_does_not_count if {
	results := p.deny with input as _pod({
		"securityContext": {"readOnlyRootFilesystem": true},
		"containers": [{"name": "app", "image": "app:1"}],
	})
	_paths(results) == {"/spec/containers/0"}
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

test_pulumi_writable if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"readOnlyRootFilesystem": false}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", "value": true}]
}

test_pulumi_read_only if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"readOnlyRootFilesystem": true}},
	]})
	count(results) == 0
}
