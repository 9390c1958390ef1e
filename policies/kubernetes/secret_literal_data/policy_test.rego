package vigil.kubernetes.secret_literal_data_test

import data.vigil.kubernetes.secret_literal_data as p
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

_secret(extra) := _manifest("Secret", object.union({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "type": "Opaque"}, extra))

test_manifest_string_data if {
	results := p.deny with input as _secret({"stringData": {"username": "api", "password": "hunter2"}})
	count(results) == 1
	some r in results
	r.path == "/stringData"
	contains(r.msg, "password in stringData")
	not contains(r.msg, "username")
}

test_manifest_data if {
	results := p.deny with input as _secret({"data": {"token": "dG9rZW4=", "api-key": "a2V5"}})
	count(results) == 1
	some r in results
	r.path == "/data"
	contains(r.msg, "api-key, token")
}

test_manifest_settings_only if {
	results := p.deny with input as _secret({"stringData": {"DB_USER": "api", "db.host": "db", "port": "5432", "password": ""}})
	count(results) == 0
}

test_tf_literal if {
	results := p.deny with input as _tf("kubernetes_secret_v1", {"metadata": {"name": "s"}, "data": {"password": "hunter2"}})
	count(results) == 1
	some r in results
	r.path == "/data"
}

test_tf_generated if {
	results := p.deny with input as _tf("kubernetes_secret_v1", {"metadata": {"name": "s"}, "data": {"username": "api", "password": "${random_password.db.result}"}})
	count(results) == 0
}

test_pulumi_literal if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Secret", {"metadata": {"name": "s"}, "stringData": {"token": "abc"}})
	count(results) == 1
}

test_pulumi_config if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Secret", {"metadata": {"name": "s"}, "stringData": {"token": "${config.token}"}})
	count(results) == 0
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"password": "x"}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/stringData"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "data": {"password": "x"}}})
	count(results) == 0
}
