package vigil.kubernetes.privileged_test

import data.vigil.kubernetes.privileged as p
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

_deployment(containers) := _manifest("apps/Deployment", {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": containers}}},
})

# --- manifests -----------------------------------------------------------------

test_deployment_privileged if {
	results := p.deny with input as _deployment([
		{"name": "app", "image": "nginx:1.27"},
		{"name": "agent", "image": "agent:2", "securityContext": {"privileged": true}},
	])
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/1/securityContext/privileged"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/1/securityContext/privileged", "value": false}]
	contains(r.msg, "agent")
}

test_pod_init_container_privileged_as_string if {
	results := p.deny with input as _manifest("Pod", {
		"apiVersion": "v1",
		"kind": "Pod",
		"spec": {
			"initContainers": [{"name": "setup", "image": "busybox:1.36", "securityContext": {"privileged": "true"}}],
			"containers": [{"name": "app", "image": "nginx:1.27"}],
		},
	})
	count(results) == 1
	some r in results
	r.path == "/spec/initContainers/0/securityContext/privileged"
}

test_cronjob_privileged if {
	results := p.deny with input as _manifest("batch/CronJob", {
		"apiVersion": "batch/v1",
		"kind": "CronJob",
		"spec": {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [
			{"name": "job", "image": "job:1", "securityContext": {"privileged": true}},
		]}}}}},
	})
	count(results) == 1
	some r in results
	r.path == "/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged"
}

test_deployment_not_privileged if {
	results := p.deny with input as _deployment([
		{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": false}},
		{"name": "sidecar", "image": "envoy:1.30"},
	])
	count(results) == 0
}

test_pod_level_security_context_is_not_privileged if {
	# `privileged` exists only on containers; a misplaced pod-level key is not a container setting.
	results := p.deny with input as _manifest("Pod", {"spec": {
		"securityContext": {"privileged": true},
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	}})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_deployment_single_container if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {
		"metadata": {"name": "web"},
		"spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"container": {
			"name": "app",
			"image": "nginx:1.27",
			"security_context": {"privileged": true},
		}}}},
	})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/security_context/privileged"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/container/security_context/privileged", "value": false}]
}

test_tf_pod_repeated_containers if {
	results := p.deny with input as _tf("kubernetes_pod", {
		"metadata": {"name": "web"},
		"spec": {"container": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "agent", "image": "agent:2", "security_context": {"privileged": "true"}},
		]},
	})
	count(results) == 1
	some r in results
	r.path == "/spec/container/1/security_context/privileged"
}

test_tf_cron_job if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {
		"metadata": {"name": "backup"},
		"spec": {"schedule": "0 3 * * *", "job_template": {"metadata": {}, "spec": {"template": {"metadata": {}, "spec": {
			"init_container": {"name": "prep", "image": "busybox:1.36", "security_context": {"privileged": true}},
			"container": {"name": "backup", "image": "backup:3"},
		}}}}},
	})
	count(results) == 1
	some r in results
	r.path == "/spec/job_template/spec/template/spec/init_container/security_context/privileged"
}

test_tf_not_privileged if {
	results := p.deny with input as _tf("kubernetes_daemon_set_v1", {
		"metadata": {"name": "web"},
		"spec": {"template": {"spec": {"container": {
			"name": "app",
			"image": "nginx:1.27",
			"security_context": {"privileged": false},
		}}}},
	})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_value_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": {
		"name": "app",
		"image": "nginx:1.27",
		"security_context": {"privileged": "${var.privileged}"},
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

test_other_kinds_are_ignored if {
	results := p.deny with input as _manifest("Service", {"spec": {"template": {"spec": {"containers": [
		{"name": "app", "securityContext": {"privileged": true}},
	]}}}})
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

test_pulumi_deployment_privileged if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27"},
		{"name": "agent", "image": "agent:2", "securityContext": {"privileged": true}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/1/securityContext/privileged"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/1/securityContext/privileged", "value": false}]
}

test_pulumi_old_api_version_privileged if {
	results := p.deny with input as _pulumi("kubernetes:extensions/v1beta1:DaemonSet", {"spec": {"template": {"spec": {"containers": [
		{"name": "agent", "image": "agent:2", "securityContext": {"privileged": true}},
	]}}}})
	count(results) == 1
}

test_pulumi_not_privileged if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": false}},
	]})
	count(results) == 0
}
