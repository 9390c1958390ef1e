package vigil.kubernetes.run_as_group_root_test

import data.vigil.kubernetes.run_as_group_root as p
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

_service(spec) := _manifest("Service", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec})

_tf_service(spec) := _tf("kubernetes_service_v1", {"metadata": {"name": "web", "namespace": "shop"}, "spec": spec})

_pulumi_service(spec) := _pulumi("kubernetes:core/v1:Service", {"metadata": {"name": "web", "namespace": "shop"}, "spec": spec})

test_manifest_container_group if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"runAsGroup": 0}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/runAsGroup"
}

test_manifest_pod_groups if {
	results := p.deny with input as _deployment({"securityContext": {"runAsGroup": 0, "fsGroup": 0, "supplementalGroups": [5, 0]}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 3
	paths := {r.path | some r in results}
	paths == {"/spec/template/spec/securityContext/runAsGroup", "/spec/template/spec/securityContext/fsGroup", "/spec/template/spec/securityContext/supplementalGroups/1"}
}

test_manifest_non_root_groups if {
	results := p.deny with input as _deployment({"securityContext": {"runAsGroup": 10001, "fsGroup": 2000}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_tf_string_gid if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"run_as_group": "0"}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/security_context/run_as_group"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"security_context": {"fs_group": "${var.gid}"}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 0
}

test_pulumi_group if {
	results := p.deny with input as _pulumi_deployment({"securityContext": {"fsGroup": 0}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
}

test_pulumi_non_root if {
	results := p.deny with input as _pulumi_deployment({"securityContext": {"fsGroup": 65532}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}
