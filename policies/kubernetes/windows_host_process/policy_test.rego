package vigil.kubernetes.windows_host_process_test

import data.vigil.kubernetes.windows_host_process as p
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

test_manifest_pod_and_container if {
	results := p.deny with input as _deployment({
		"hostNetwork": true,
		"securityContext": {"windowsOptions": {"hostProcess": true}},
		"containers": [{"name": "web", "image": "web:1", "securityContext": {"windowsOptions": {"hostProcess": "true"}}}],
	})
	count(results) == 2
	paths := {r.path | some r in results}
	paths == {"/spec/template/spec/securityContext/windowsOptions/hostProcess", "/spec/template/spec/containers/0/securityContext/windowsOptions/hostProcess"}
}

test_manifest_fix if {
	results := p.deny with input as _manifest("Pod", {"spec": {"containers": [{"name": "web", "image": "web:1", "securityContext": {"windowsOptions": {"hostProcess": true}}}]}})
	some r in results
	r.fix == [{"op": "replace", "path": "/spec/containers/0/securityContext/windowsOptions/hostProcess", "value": false}]
}

test_manifest_false if {
	results := p.deny with input as _deployment({"securityContext": {"windowsOptions": {"hostProcess": false}}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_tf_pod_level if {
	results := p.deny with input as _tf_deployment({"security_context": {"windows_options": {"host_process": true}}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/security_context/windows_options/host_process"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"security_context": {"windows_options": {"host_process": "${var.host_process}"}}, "container": {"name": "web", "image": "web:1"}})
	count(results) == 0
}

test_pulumi_host_process if {
	results := p.deny with input as _pulumi_deployment({"securityContext": {"windowsOptions": {"hostProcess": true}}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
}

test_pulumi_none if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}
