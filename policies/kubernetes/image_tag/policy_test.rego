package vigil.kubernetes.image_tag_test

import data.vigil.kubernetes.image_tag as p
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

test_latest_and_untagged if {
	results := p.deny with input as _pod([
		{"name": "a", "image": "nginx:latest"},
		{"name": "b", "image": "nginx"},
		{"name": "c", "image": "nginx:1.27.0"},
	])
	_paths(results) == {"/spec/containers/0/image", "/spec/containers/1/image"}
	some r in results
	r.path == "/spec/containers/1/image"
	contains(r.msg, "no tag")
	not r.fix
}

test_registry_with_port if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "registry.local:5000/tools/init"}],
		"containers": [
			{"name": "app", "image": "registry.local:5000/shop/app:2.1.0"},
			{"name": "proxy", "image": "registry.local:5000/shop/proxy:latest"},
		],
	}}}})
	_paths(results) == {"/spec/template/spec/initContainers/0/image", "/spec/template/spec/containers/1/image"}
}

test_digest_pins_the_image if {
	results := p.deny with input as _pod([
		{"name": "a", "image": "nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac"},
		{"name": "b", "image": "nginx:latest@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac"},
	])
	count(results) == 0
}

test_cronjob if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "job", "image": "ghcr.io/acme/job:latest"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/containers/0/image"}
}

test_tag_containing_latest_is_fine if {
	results := p.deny with input as _pod([
		{"name": "a", "image": "acme/app:latest-2024"},
		{"name": "b", "image": "acme/latest:1.0"},
	])
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_deployment if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"container": {"name": "app", "image": "nginx:latest"},
	}}}})
	_paths(results) == {"/spec/template/spec/container/image"}
}

test_tf_repeated_containers if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"init_container": {"name": "init", "image": "busybox:1.36"},
		"container": [
			{"name": "app", "image": "nginx:1.27"},
			{"name": "debug", "image": "busybox"},
		],
	}})
	_paths(results) == {"/spec/container/1/image"}
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_cron_job_v1", {"spec": {"job_template": {"spec": {"template": {"spec": {
		"container": {"name": "job", "image": "ghcr.io/acme/job:2.0.1"},
	}}}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_images_do_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [
		{"name": "a", "image": "${var.image}"},
		{"name": "b", "image": "acme/app:${var.tag}"},
		{"name": "c"},
	]}})
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

test_pulumi_latest if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "app", "image": "nginx:latest"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/image"
}

test_pulumi_pinned if {
	results := p.deny with input as _pulumi_deployment({"containers": [
		{"name": "app", "image": "nginx:1.27"},
		{"name": "unknown", "image": "${image.ref}"},
	]})
	count(results) == 0
}
