package vigil.kubernetes.selinux_test

import data.vigil.kubernetes.selinux as p
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

test_manifest_pod_type if {
	results := p.deny with input as _deployment({"securityContext": {"seLinuxOptions": {"type": "spc_t"}}, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/securityContext/seLinuxOptions/type"
	r.fix == [{"op": "remove", "path": "/spec/template/spec/securityContext/seLinuxOptions/type"}]
}

test_manifest_container_user_role if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"seLinuxOptions": {"user": "system_u", "role": "system_r", "type": "container_t"}}}]})
	count(results) == 2
	paths := {r.path | some r in results}
	paths == {"/spec/template/spec/containers/0/securityContext/seLinuxOptions/user", "/spec/template/spec/containers/0/securityContext/seLinuxOptions/role"}
}

test_manifest_allowed if {
	results := p.deny with input as _deployment({"securityContext": {"seLinuxOptions": {"level": "s0:c1,c2", "type": ""}}, "containers": [{"name": "web", "image": "web:1", "securityContext": {"seLinuxOptions": {"type": "container_init_t"}}}]})
	count(results) == 0
}

test_tf_type if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"se_linux_options": {"type": "unconfined_t"}}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/security_context/se_linux_options/type"
}

test_tf_pod_level_user if {
	results := p.deny with input as _tf("kubernetes_pod_v1", {"spec": {"security_context": {"se_linux_options": {"user": "system_u"}}, "container": {"name": "web", "image": "web:1"}}})
	count(results) == 1
	some r in results
	r.path == "/spec/security_context/se_linux_options/user"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1", "security_context": {"se_linux_options": {"type": "${var.selinux_type}"}}}})
	count(results) == 0
}

test_pulumi_type if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"seLinuxOptions": {"type": "spc_t"}}}]})
	count(results) == 1
}

test_pulumi_allowed if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "web", "image": "web:1", "securityContext": {"seLinuxOptions": {"type": "container_t", "level": "s0"}}}]})
	count(results) == 0
}
