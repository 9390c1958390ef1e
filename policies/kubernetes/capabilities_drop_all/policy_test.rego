package vigil.kubernetes.capabilities_drop_all_test

import data.vigil.kubernetes.capabilities_drop_all as p
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

test_manifest_no_security_context if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0"
	r.fix == [{"op": "add", "path": "/spec/template/spec/containers/0/securityContext", "value": {"capabilities": {"drop": ["ALL"]}}}]
	r.fix_safety == "unsafe"
}

test_manifest_drop_without_all if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"capabilities": {"drop": ["NET_RAW"]}}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/capabilities/drop"
	r.fix == [{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/capabilities/drop/-", "value": "ALL"}]
}

test_manifest_capabilities_without_drop if {
	results := p.deny with input as _manifest("Pod", {"spec": {"initContainers": [{"name": "init", "image": "busybox:1", "securityContext": {"capabilities": {"add": ["CHOWN"]}}}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/initContainers/0/securityContext/capabilities"
	r.fix == [{"op": "add", "path": "/spec/initContainers/0/securityContext/capabilities/drop", "value": ["ALL"]}]
}

test_manifest_drops_all if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"capabilities": {"drop": ["all"], "add": ["NET_BIND_SERVICE"]}}}]})
	count(results) == 0
}

test_manifest_windows_is_skipped if {
	results := p.deny with input as _deployment({"os": {"name": "windows"}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_tf_security_context_without_capabilities if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"run_as_non_root": true}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/security_context"
	r.fix == [{"op": "add", "path": "/spec/template/spec/container/security_context/capabilities", "value": {"drop": ["ALL"]}, "hcl": "block"}]
}

test_tf_no_security_context if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"container": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1", "security_context": {"capabilities": {"drop": ["ALL"]}}}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/container/0"
	r.fix == [{"op": "add", "path": "/spec/container/0/security_context", "value": {"capabilities": {"drop": ["ALL"]}}, "hcl": "block"}]
}

test_tf_unknown_drop_list if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"capabilities": {"drop": "${var.drop}"}}}})
	count(results) == 0
}

test_tf_dynamic_security_context if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": "${dynamic.security_context}"}})
	count(results) == 0
}

test_pulumi_drop_without_all if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"capabilities": {"drop": ["NET_RAW"]}}}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/securityContext/capabilities/drop"
}

test_pulumi_drops_all if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"capabilities": {"drop": ["ALL"]}}}]})
	count(results) == 0
}
