package vigil.kubernetes.resource_limits_test

import data.vigil.kubernetes.resource_limits as p
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

test_no_resources if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {"containers": [
		{"name": "app", "image": "app:1"},
	]}}}})
	_paths(results) == {"/spec/template/spec/containers/0"}
	some r in results
	contains(r.msg, "cpu or memory")
	not r.fix
}

test_requests_only if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "app:1",
		"resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
	}]})
	_paths(results) == {"/spec/containers/0/resources"}
}

test_memory_limit_only if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "app:1",
		"resources": {"limits": {"memory": "256Mi"}},
	}]})
	_paths(results) == {"/spec/containers/0/resources/limits"}
	some r in results
	contains(r.msg, "no cpu limit")
}

test_init_container_checked_ephemeral_not if {
	results := p.deny with input as _pod({
		"initContainers": [{"name": "init", "image": "busybox:1.36"}],
		"containers": [{"name": "app", "image": "app:1", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}],
		"ephemeralContainers": [{"name": "debugger", "image": "busybox:1.36"}],
	})
	_paths(results) == {"/spec/initContainers/0"}
}

test_cronjob_with_limits if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [
		{"name": "job", "image": "job:1", "resources": {"limits": {"cpu": "500m", "memory": "512Mi"}}},
	]}}}}}})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_no_resources if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"container": {"name": "app", "image": "app:1"},
	}}}})
	_paths(results) == {"/spec/template/spec/container"}
}

test_tf_repeated_containers_requests_only if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "app", "image": "app:1", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}},
		{"name": "sidecar", "image": "sidecar:1", "resources": {"requests": {"cpu": "50m"}}},
	]}})
	_paths(results) == {"/spec/container/1/resources"}
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"spec": {"job_template": {"spec": {"template": {"spec": {
		"container": {"name": "job", "image": "job:1", "resources": {"limits": {"cpu": "250m", "memory": "256Mi"}}},
	}}}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_limits_do_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "a", "image": "a:1", "resources": {"limits": "${var.limits}"}},
		{"name": "b", "image": "b:1", "resources": "${dynamic.resources}"},
		{"name": "c", "image": "c:1", "resources": {"limits": {"cpu": "${var.cpu}", "memory": "${var.memory}"}}},
	]}})
	count(results) == 0
}

test_null_limit_counts_as_missing if {
	results := p.deny with input as _pod({"containers": [{
		"name": "app",
		"image": "app:1",
		"resources": {"limits": {"cpu": "1", "memory": null}},
	}]})
	_paths(results) == {"/spec/containers/0/resources/limits"}
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

test_pulumi_no_memory_limit if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "resources": {"limits": {"cpu": "500m"}}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/resources/limits"
}

test_pulumi_limits if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27", "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}}},
	]})
	count(results) == 0
}
