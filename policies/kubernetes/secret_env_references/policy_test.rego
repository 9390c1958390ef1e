package vigil.kubernetes.secret_env_references_test

import data.vigil.kubernetes.secret_env_references as p
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

test_manifest_secret_key_ref if {
	results := p.deny with input as _deployment({"containers": [{"name": "api", "image": "api:1", "env": [
		{"name": "A", "value": "b"},
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
	]}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/env/1/valueFrom/secretKeyRef"
	contains(r.msg, "DB_PASSWORD")
}

test_manifest_env_from_secret if {
	results := p.deny with input as _deployment({"containers": [{"name": "api", "image": "api:1", "envFrom": [{"configMapRef": {"name": "c"}}, {"secretRef": {"name": "s"}}]}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/envFrom/1/secretRef"
}

test_manifest_config_only if {
	results := p.deny with input as _deployment({"containers": [{"name": "api", "image": "api:1", "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "a"}}}], "envFrom": [{"configMapRef": {"name": "c"}}]}]})
	count(results) == 0
}

test_tf_secret_key_ref if {
	results := p.deny with input as _tf_deployment({"container": {"name": "api", "image": "api:1", "env": {"name": "DB_PASSWORD", "value_from": {"secret_key_ref": {"name": "db", "key": "password"}}}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/env/value_from/secret_key_ref"
}

test_tf_env_from if {
	results := p.deny with input as _tf_deployment({"container": {"name": "api", "image": "api:1", "env_from": [{"secret_ref": {"name": "s"}}]}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/env_from/0/secret_ref"
}

test_pulumi_secret_key_ref if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "api", "image": "api:1", "env": [{"name": "T", "valueFrom": {"secretKeyRef": {"name": "t", "key": "t"}}}]}]})
	count(results) == 1
}

test_pulumi_files if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "api", "image": "api:1"}], "volumes": [{"name": "s", "secret": {"secretName": "s"}}]})
	count(results) == 0
}
