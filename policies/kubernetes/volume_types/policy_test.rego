package vigil.kubernetes.volume_types_test

import data.vigil.kubernetes.volume_types as p
import data.vigil.lib
import rego.v1

_manifest(type, values) := {"resource": {
	"address": "web",
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

# A Deployment around a pod spec, in each format.
_deployment(pod_spec) := _manifest("apps/Deployment", {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

_tf_deployment(pod_spec) := _tf("kubernetes_deployment_v1", {
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"match_labels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

_pulumi_deployment(pod_spec) := _pulumi("kubernetes:apps/v1:Deployment", {
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec}},
})

test_manifest_nfs if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1"}], "volumes": [
		{"name": "cache", "emptyDir": {}},
		{"name": "data", "nfs": {"server": "nfs", "path": "/x"}},
	]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/volumes/1/nfs"
}

test_manifest_host_path_is_another_policy if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1"}], "volumes": [{"name": "h", "hostPath": {"path": "/var/log"}}]})
	count(results) == 0
}

test_manifest_allowed if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1"}], "volumes": [
		{"name": "a", "configMap": {"name": "a"}},
		{"name": "b", "secret": {"secretName": "b"}},
		{"name": "c", "persistentVolumeClaim": {"claimName": "c"}},
		{"name": "d", "projected": {"sources": []}},
		{"name": "e", "csi": {"driver": "x"}},
		{"name": "f", "downwardAPI": {"items": []}},
		{"name": "g", "ephemeral": {"volumeClaimTemplate": {}}},
	]})
	count(results) == 0
}

test_tf_iscsi if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1"}, "volume": {"name": "v", "iscsi": {"target_portal": "10.0.0.1:3260", "iqn": "iqn", "lun": 0}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/volume/iscsi"
}

test_tf_allowed if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1"}, "volume": [{"name": "v", "empty_dir": {}}, {"name": "w", "config_map": {"name": "w"}}]})
	count(results) == 0
}

test_pulumi_git_repo if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1"}], "volumes": [{"name": "src", "gitRepo": {"repository": "https://example.com/r.git"}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/volumes/0/gitRepo"
}

test_pulumi_allowed if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1"}], "volumes": [{"name": "c", "emptyDir": {}}]})
	count(results) == 0
}
