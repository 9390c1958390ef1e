package vigil.kubernetes.added_capabilities_test

import data.vigil.kubernetes.added_capabilities as p
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

_pod(containers) := _manifest("Pod", {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": containers}})

# --- manifests -----------------------------------------------------------------

test_sys_admin_and_net_admin if {
	results := p.deny with input as _pod([{
		"name": "vpn",
		"image": "vpn:1",
		"securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "NET_ADMIN", "SYS_ADMIN"]}},
	}])
	_paths(results) == {
		"/spec/containers/0/securityContext/capabilities/add/1",
		"/spec/containers/0/securityContext/capabilities/add/2",
	}
	some r in results
	contains(r.msg, "vpn")
	not r.fix
}

test_all if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {"containers": [{
		"name": "app",
		"image": "app:1",
		"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["ALL"]}},
	}]}}}})
	_paths(results) == {"/spec/template/spec/containers/0/securityContext/capabilities/add/0"}
}

test_cap_prefix_and_case_are_normalised if {
	results := p.deny with input as _pod([{
		"name": "app",
		"image": "app:1",
		"securityContext": {"capabilities": {"add": ["CAP_CHOWN", "cap_sys_ptrace", "kill"]}},
	}])
	_paths(results) == {"/spec/containers/0/securityContext/capabilities/add/1"}
}

test_cronjob_init_container if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"initContainers": [{"name": "net", "image": "net:1", "securityContext": {"capabilities": {"add": ["NET_RAW"]}}}],
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/initContainers/0/securityContext/capabilities/add/0"}
}

test_baseline_and_drop_only if {
	results := p.deny with input as _pod([
		{"name": "web", "image": "web:1", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}},
		{"name": "worker", "image": "worker:1", "securityContext": {"capabilities": {"drop": ["NET_ADMIN", "SYS_ADMIN"]}}},
		{"name": "plain", "image": "plain:1"},
	])
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_deployment if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {"container": {
		"name": "app",
		"image": "app:1",
		"security_context": {"capabilities": {"add": ["SETUID", "SYS_TIME"], "drop": ["ALL"]}},
	}}}}})
	_paths(results) == {"/spec/template/spec/container/security_context/capabilities/add/1"}
}

test_tf_repeated_containers if {
	results := p.deny with input as _tf("kubernetes_pod", {"spec": {"container": [
		{"name": "app", "image": "app:1"},
		{"name": "vpn", "image": "vpn:1", "security_context": {"capabilities": {"add": ["NET_ADMIN"]}}},
	]}})
	_paths(results) == {"/spec/container/1/security_context/capabilities/add/0"}
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_daemon_set_v1", {"spec": {"template": {"spec": {"container": {
		"name": "app",
		"image": "app:1",
		"security_context": {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}},
	}}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_values_do_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "a", "image": "a:1", "security_context": {"capabilities": {"add": ["${var.extra_cap}"]}}},
		{"name": "b", "image": "b:1", "security_context": {"capabilities": {"add": "${var.caps}"}}},
	]}})
	count(results) == 0
}

test_pod_level_capabilities_are_not_container_settings if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}},
		"containers": [{"name": "app", "image": "app:1"}],
	}})
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

test_pulumi_deployment_adds_sys_admin if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "SYS_ADMIN"]}}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/capabilities/add/1"
}

test_pulumi_baseline_capability if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {"spec": {"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}}},
	]}})
	count(results) == 0
}
