package vigil.kubernetes.service_account_token_secret_test

import data.vigil.kubernetes.service_account_token_secret as p
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

test_manifest_token_secret if {
	results := p.deny with input as _manifest("Secret", {"metadata": {"name": "t", "annotations": {"kubernetes.io/service-account.name": "ci"}}, "type": "kubernetes.io/service-account-token"})
	count(results) == 1
	some r in results
	r.path == "/type"
	contains(r.msg, "\"ci\"")
}

test_manifest_opaque if {
	results := p.deny with input as _manifest("Secret", {"metadata": {"name": "t"}, "type": "Opaque"})
	count(results) == 0
}

test_tf_token_secret if {
	results := p.deny with input as _tf("kubernetes_secret_v1", {"metadata": {"name": "t", "annotations": {"kubernetes.io/service-account.name": "${kubernetes_service_account_v1.a.metadata[0].name}"}}, "type": "kubernetes.io/service-account-token"})
	count(results) == 1
	some r in results
	r.path == "/type"
}

test_tf_no_type if {
	results := p.deny with input as _tf("kubernetes_secret_v1", {"metadata": {"name": "t"}, "data": {"a": "b"}})
	count(results) == 0
}

test_pulumi_token_secret if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Secret", {"metadata": {"name": "t"}, "type": "kubernetes.io/service-account-token"})
	count(results) == 1
	some r in results
	not contains(r.msg, "for the service account")
}

test_pulumi_tls if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Secret", {"metadata": {"name": "t"}, "type": "kubernetes.io/tls"})
	count(results) == 0
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "t"}, "type": "kubernetes.io/service-account-token"}})
	count(results) == 1
	some r in results
	r.path == "/manifest/type"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "type": "kubernetes.io/service-account-token"}})
	count(results) == 0
}
