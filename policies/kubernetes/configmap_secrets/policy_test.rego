package vigil.kubernetes.configmap_secrets_test

import data.vigil.kubernetes.configmap_secrets as p
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

_cm(data_map) := _manifest("ConfigMap", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": data_map})

test_manifest_secret_keys if {
	results := p.deny with input as _cm({"DB_PASSWORD": "hunter2", "smtp.password": "x1", "clientSecret": "abc", "api/token": "t0k3n", "LOG_LEVEL": "info"})
	count(results) == 4
	paths := {r.path | some r in results}
	paths == {"/data/DB_PASSWORD", "/data/smtp.password", "/data/clientSecret", "/data/api~1token"}
}

test_manifest_not_secrets if {
	results := p.deny with input as _cm({
		"PASSWORD_FILE": "/run/secrets/pw",
		"TOKEN_TTL": "3600",
		"secret-name": "db",
		"USE_TOKEN": "true",
		"tokenizer": "bert",
		"API_TOKEN": "",
		"config.yaml": "password: x\ntoken: y\n",
		"DB_PASSWORD": "{{ .Values.password }}",
	})
	count(results) == 0
}

test_tf_literal if {
	results := p.deny with input as _tf("kubernetes_config_map_v1", {"metadata": {"name": "c"}, "data": {"API_KEY": "abcdef123456"}})
	count(results) == 1
	some r in results
	r.path == "/data/API_KEY"
}

test_tf_unknown if {
	results := p.deny with input as _tf("kubernetes_config_map_v1", {"metadata": {"name": "c"}, "data": {"API_KEY": "${random_password.k.result}"}})
	count(results) == 0
}

test_pulumi_literal if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:ConfigMap", {"metadata": {"name": "c"}, "data": {"authToken": "xyz789"}})
	count(results) == 1
}

test_pulumi_settings if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:ConfigMap", {"metadata": {"name": "c"}, "data": {"LOG_LEVEL": "debug"}})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"DB_PASSWORD": "hunter2"}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/data/DB_PASSWORD"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
