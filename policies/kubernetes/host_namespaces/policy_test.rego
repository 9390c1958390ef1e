package vigil.kubernetes.host_namespaces_test

import data.vigil.kubernetes.host_namespaces as p
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

# --- manifests -----------------------------------------------------------------

test_pod_all_three if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"hostNetwork": true,
		"hostPID": true,
		"hostIPC": "true",
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	}})
	_paths(results) == {"/spec/hostNetwork", "/spec/hostPID", "/spec/hostIPC"}
	some r in results
	r.path == "/spec/hostPID"
	r.fix == [{"op": "replace", "path": "/spec/hostPID", "value": false}]
}

test_daemonset_host_network if {
	results := p.deny with input as _manifest("apps/DaemonSet", {"spec": {"template": {"spec": {
		"hostNetwork": true,
		"containers": [{"name": "agent", "image": "agent:1"}],
	}}}})
	_paths(results) == {"/spec/template/spec/hostNetwork"}
}

test_cronjob_host_pid if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"hostPID": true,
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/hostPID"}
}

test_manifest_false_or_missing if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {
		"hostNetwork": false,
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	}}}})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_deployment if {
	results := p.deny with input as _tf("kubernetes_deployment", {"spec": {"template": {"spec": {
		"host_network": true,
		"host_ipc": false,
		"container": {"name": "app", "image": "nginx:1.27"},
	}}}})
	_paths(results) == {"/spec/template/spec/host_network"}
}

test_tf_pod if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"host_pid": "true",
		"host_ipc": true,
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	_paths(results) == {"/spec/host_pid", "/spec/host_ipc"}
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_stateful_set_v1", {"spec": {"template": {"spec": {
		"host_network": false,
		"container": {"name": "db", "image": "postgres:16"},
	}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_unknown_value_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"host_network": "${var.host_network}",
		"container": {"name": "app", "image": "nginx:1.27"},
	}})
	count(results) == 0
}

test_camel_case_key_in_terraform_is_not_read if {
	# Terraform uses host_network; a manifest-style key there is not an attribute.
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"hostNetwork": true,
		"container": {"name": "app", "image": "nginx:1.27"},
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

test_pulumi_host_network if {
	results := p.deny with input as _pulumi_deployment({"hostNetwork": true, "containers": [{"name": "app", "image": "nginx:1.27"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/hostNetwork"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/hostNetwork", "value": false}]
}

test_pulumi_no_host_namespaces if {
	results := p.deny with input as _pulumi("kubernetes:batch/v1:CronJob", {"spec": {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
		"hostPID": false,
		"containers": [{"name": "job", "image": "job:1"}],
	}}}}}})
	count(results) == 0
}
