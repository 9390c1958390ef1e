package vigil.kubernetes.secrets_in_env_test

import data.vigil.kubernetes.secrets_in_env as p
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

test_manifest_literal_password if {
	results := p.deny with input as _deployment({"containers": [{"name": "api", "image": "api:1", "env": [
		{"name": "DB_HOST", "value": "db"},
		{"name": "DB_PASSWORD", "value": "hunter2"},
	]}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/env/1/value"
	not contains(r.msg, "hunter2")
}

test_manifest_value_from if {
	results := p.deny with input as _deployment({"containers": [{"name": "api", "image": "api:1", "env": [
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
	]}]})
	count(results) == 0
}

test_manifest_not_secrets if {
	results := p.deny with input as _deployment({"containers": [{"name": "api", "image": "api:1", "env": [
		{"name": "PASSWORD_FILE", "value": "/run/secrets/pw"},
		{"name": "TOKEN_TTL", "value": "3600"},
		{"name": "SECRET_NAME", "value": "db"},
		{"name": "USE_TOKEN", "value": "true"},
		{"name": "API_TOKEN", "value": "$(TOKEN_FROM_SECRET)"},
		{"name": "PWD", "value": "/app"},
		{"name": "API_KEY", "value": ""},
	]}]})
	count(results) == 0
}

test_tf_literal if {
	results := p.deny with input as _tf_deployment({"container": {"name": "api", "image": "api:1", "env": {"name": "GITHUB_TOKEN", "value": "ghp_exampleexampleexample"}}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/container/env/value"
}

test_tf_unknown if {
	results := p.deny with input as _tf_deployment({"container": {"name": "api", "image": "api:1", "env": [{"name": "GITHUB_TOKEN", "value": "${random_password.x.result}"}]}})
	count(results) == 0
}

test_pulumi_literal if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "api", "image": "api:1", "env": [{"name": "JWT_SECRET", "value": "abc123def456"}]}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec/containers/0/env/0/value"
}

test_pulumi_secret_ref if {
	results := p.deny with input as _pulumi_deployment({"containers": [{"name": "api", "image": "api:1", "env": [{"name": "JWT_SECRET", "valueFrom": {"secretKeyRef": {"name": "jwt", "key": "secret"}}}]}]})
	count(results) == 0
}
