package vigil.kubernetes.privilege_escalation_test

import data.vigil.kubernetes.privilege_escalation as p
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

test_explicit_true if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "nginx:1.27",
		"securityContext": {"allowPrivilegeEscalation": true},
	}]})
	_paths(results) == {"/spec/containers/0/securityContext/allowPrivilegeEscalation"}
	some r in results
	r.fix == [{"op": "replace", "path": "/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false}]
}

test_missing_in_security_context if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {"containers": [{
		"name": "app",
		"image": "nginx:1.27",
		"securityContext": {"runAsNonRoot": true},
	}]}}}})
	_paths(results) == {"/spec/template/spec/containers/0/securityContext"}
	some r in results
	r.fix == [{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false}]
}

test_no_security_context if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "busybox:1.36", "securityContext": {"allowPrivilegeEscalation": false}}],
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/containers/0"}
	some r in results
	r.fix == [{
		"op": "add",
		"path": "/spec/jobTemplate/spec/template/spec/containers/0/securityContext",
		"value": {"allowPrivilegeEscalation": false},
	}]
}

test_pod_level_security_context_does_not_count if {
	# allowPrivilegeEscalation exists only on containers.
	results := p.deny with input as _pod({
		"securityContext": {"runAsNonRoot": true},
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	})
	_paths(results) == {"/spec/containers/0"}
}

test_false_everywhere if {
	results := p.deny with input as _pod({
		"initContainers": [{"name": "init", "image": "busybox:1.36", "securityContext": {"allowPrivilegeEscalation": "false"}}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"allowPrivilegeEscalation": false}}],
	})
	count(results) == 0
}

test_privileged_container_has_no_fix if {
	results := p.deny with input as _pod({"containers": [{
		"name": "agent",
		"image": "agent:1",
		"securityContext": {"privileged": true},
	}]})
	_paths(results) == {"/spec/containers/0/securityContext"}
	some r in results
	not r.fix
}

test_sys_admin_container_has_no_fix if {
	results := p.deny with input as _pod({"containers": [{
		"name": "fuse",
		"image": "fuse:1",
		"securityContext": {"allowPrivilegeEscalation": true, "capabilities": {"add": ["SYS_ADMIN"]}},
	}]})
	count(results) == 1
	some r in results
	not r.fix
}

# --- Terraform -----------------------------------------------------------------

test_tf_no_security_context if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"container": {"name": "app", "image": "nginx:1.27"},
	}}}})
	_paths(results) == {"/spec/template/spec/container"}
	some r in results
	r.fix == [{
		"op": "add",
		"path": "/spec/template/spec/container/security_context",
		"value": {"allow_privilege_escalation": false},
		"hcl": "block",
	}]
}

test_tf_explicit_true_in_repeated_containers if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "app", "image": "nginx:1.27", "security_context": {"allow_privilege_escalation": false}},
		{"name": "debug", "image": "busybox:1.36", "security_context": {"allow_privilege_escalation": true}},
	]}})
	_paths(results) == {"/spec/container/1/security_context/allow_privilege_escalation"}
}

test_tf_missing_in_security_context if {
	results := p.deny with input as _tf("kubernetes_job_v1", {"spec": {"template": {"spec": {
		"container": {"name": "job", "image": "job:1", "security_context": {"run_as_non_root": true}},
	}}}})
	_paths(results) == {"/spec/template/spec/container/security_context"}
	some r in results
	r.fix == [{"op": "add", "path": "/spec/template/spec/container/security_context/allow_privilege_escalation", "value": false}]
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"spec": {"job_template": {"spec": {"template": {"spec": {
		"container": {"name": "job", "image": "job:1", "security_context": {"allow_privilege_escalation": false}},
	}}}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_value_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": {"allow_privilege_escalation": "${var.escalate}"},
	}}})
	count(results) == 0
}

test_dynamic_security_context_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": "${dynamic.security_context}",
	}}})
	count(results) == 0
}

test_windows_pods_are_skipped if {
	results := p.deny with input as _pod({
		"nodeSelector": {"kubernetes.io/os": "windows"},
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

test_pulumi_allowed if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"allowPrivilegeEscalation": true}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false}]
}

test_pulumi_no_security_context if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/containers/0"
	r.fix == [{"op": "add", "path": "/spec/containers/0/securityContext", "value": {"allowPrivilegeEscalation": false}}]
}

test_pulumi_disallowed if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"allowPrivilegeEscalation": false}},
	]})
	count(results) == 0
}
