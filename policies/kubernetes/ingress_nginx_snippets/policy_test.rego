package vigil.kubernetes.ingress_nginx_snippets_test

import data.vigil.kubernetes.ingress_nginx_snippets as p
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

_ingress(annotations) := _manifest("networking.k8s.io/Ingress", {"metadata": {"name": "i", "annotations": annotations}, "spec": {}})

test_manifest_snippet if {
	results := p.deny with input as _ingress({"nginx.ingress.kubernetes.io/server-snippet": "location / { }", "nginx.ingress.kubernetes.io/ssl-redirect": "true"})
	count(results) == 1
	some r in results
	r.path == "/metadata/annotations/nginx.ingress.kubernetes.io~1server-snippet"
}

test_manifest_no_snippet if {
	results := p.deny with input as _ingress({"nginx.ingress.kubernetes.io/ssl-redirect": "true"})
	count(results) == 0
}

test_manifest_empty_snippet if {
	results := p.deny with input as _ingress({"nginx.ingress.kubernetes.io/configuration-snippet": ""})
	count(results) == 0
}

test_tf_snippet if {
	results := p.deny with input as _tf("kubernetes_ingress_v1", {"metadata": {"name": "i", "annotations": {"nginx.ingress.kubernetes.io/auth-snippet": "proxy_set_header A b;"}}, "spec": {}})
	count(results) == 1
	some r in results
	r.path == "/metadata/annotations/nginx.ingress.kubernetes.io~1auth-snippet"
}

test_pulumi_snippet if {
	results := p.deny with input as _pulumi("kubernetes:networking.k8s.io/v1:Ingress", {"metadata": {"annotations": {"nginx.ingress.kubernetes.io/configuration-snippet": "x"}}, "spec": {}})
	count(results) == 1
}

test_pulumi_no_annotations if {
	results := p.deny with input as _pulumi("kubernetes:networking.k8s.io/v1:Ingress", {"metadata": {"name": "i"}, "spec": {}})
	count(results) == 0
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "annotations": {"nginx.ingress.kubernetes.io/server-snippet": "x"}}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/metadata/annotations/nginx.ingress.kubernetes.io~1server-snippet"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "i", "annotations": {"nginx.ingress.kubernetes.io/server-snippet": "x"}}}})
	count(results) == 0
}
