package vigil.kubernetes.proc_mount_test

import data.vigil.kubernetes.proc_mount as p
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

test_manifest_unmasked if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"procMount": "Unmasked"}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/procMount"
	r.fix == [{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/procMount", "value": "Default"}]
}

test_manifest_default if {
	results := p.deny with input as _deployment({"containers": [
		{"name": "web", "image": "web:1", "securityContext": {"procMount": "Default"}},
		{"name": "b", "image": "b:1"},
	]})
	count(results) == 0
}

test_tf_never_set if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"privileged": false}}})
	count(results) == 0
}

test_pulumi_unmasked if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {"spec": {"containers": [{"name": "web", "image": "web:1", "securityContext": {"procMount": "Unmasked"}}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/containers/0/securityContext/procMount"
}

test_pulumi_default if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"procMount": "Default"}}]})
	count(results) == 0
}

test_tf_manifest_unmasked if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "web", "image": "web:1", "securityContext": {"procMount": "Unmasked"}}]}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/spec/containers/0/securityContext/procMount"
	r.fix == [{"op": "replace", "path": "/manifest/spec/containers/0/securityContext/procMount", "value": "Default"}]
}
