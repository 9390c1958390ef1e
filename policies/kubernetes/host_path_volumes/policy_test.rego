package vigil.kubernetes.host_path_volumes_test

import data.vigil.kubernetes.host_path_volumes as p
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

test_deployment_host_path if {
	results := p.deny with input as _manifest("apps/Deployment", {"spec": {"template": {"spec": {
		"containers": [{"name": "app", "image": "nginx:1.27"}],
		"volumes": [
			{"name": "cache", "emptyDir": {}},
			{"name": "docker", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}},
		],
	}}}})
	_paths(results) == {"/spec/template/spec/volumes/1/hostPath"}
	some r in results
	contains(r.msg, "/var/run/docker.sock")
	not r.fix
}

test_pod_two_host_paths if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"containers": [{"name": "app", "image": "nginx:1.27"}],
		"volumes": [
			{"name": "logs", "hostPath": {"path": "/var/log"}},
			{"name": "root", "hostPath": {"path": "/"}},
		],
	}})
	_paths(results) == {"/spec/volumes/0/hostPath", "/spec/volumes/1/hostPath"}
}

test_cronjob_host_path if {
	results := p.deny with input as _manifest("batch/CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "job", "image": "job:1"}],
		"volumes": [{"name": "data", "hostPath": {"path": "/data"}}],
	}}}}}})
	_paths(results) == {"/spec/jobTemplate/spec/template/spec/volumes/0/hostPath"}
}

test_manifest_other_volumes if {
	results := p.deny with input as _manifest("apps/StatefulSet", {"spec": {"template": {"spec": {
		"containers": [{"name": "db", "image": "postgres:16"}],
		"volumes": [
			{"name": "config", "configMap": {"name": "db-config"}},
			{"name": "tmp", "emptyDir": {"medium": "Memory"}},
		],
	}}}})
	count(results) == 0
}

# --- Terraform -----------------------------------------------------------------

test_tf_single_volume if {
	results := p.deny with input as _tf("kubernetes_deployment_v1", {"spec": {"template": {"spec": {
		"container": {"name": "app", "image": "nginx:1.27"},
		"volume": {"name": "logs", "host_path": {"path": "/var/log"}},
	}}}})
	_paths(results) == {"/spec/template/spec/volume/host_path"}
}

test_tf_repeated_volumes if {
	results := p.deny with input as _tf("kubernetes_pod", {"spec": {
		"container": {"name": "app", "image": "nginx:1.27"},
		"volume": [
			{"name": "tmp", "empty_dir": {}},
			{"name": "proc", "host_path": {"path": "/proc", "type": "Directory"}},
		],
	}})
	_paths(results) == {"/spec/volume/1/host_path"}
}

test_tf_good if {
	results := p.deny with input as _tf("kubernetes_job_v1", {"spec": {"template": {"spec": {
		"container": {"name": "job", "image": "job:1"},
		"volume": {"name": "tmp", "empty_dir": {}},
	}}}})
	count(results) == 0
}

# --- edge cases ----------------------------------------------------------------

test_dynamic_volume_does_not_fire if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {
		"container": {"name": "app", "image": "nginx:1.27"},
		"volume": {"name": "data", "host_path": "${dynamic.host_path}"},
	}})
	count(results) == 0
}

test_volume_without_name if {
	results := p.deny with input as _manifest("Pod", {"spec": {
		"containers": [{"name": "app", "image": "nginx:1.27"}],
		"volumes": [{"hostPath": {}}],
	}})
	_paths(results) == {"/spec/volumes/0/hostPath"}
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

test_pulumi_host_path if {
	results := p.deny with input as _pulumi_deployment({
		"containers": [{"name": "app", "image": "nginx:1.27"}],
		"volumes": [{"name": "cache", "emptyDir": {}}, {"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}],
	})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/volumes/1/hostPath"
}

test_pulumi_no_host_path if {
	results := p.deny with input as _pulumi_deployment({
		"containers": [{"name": "app", "image": "nginx:1.27"}],
		"volumes": [{"name": "cache", "emptyDir": {}}],
	})
	count(results) == 0
}
