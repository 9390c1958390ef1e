package vigil.kubernetes.ingress_tls_test

import data.vigil.kubernetes.ingress_tls as p
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

_ingress(metadata, spec) := _manifest("networking.k8s.io/Ingress", {"metadata": metadata, "spec": spec})

test_manifest_no_tls if {
	results := p.deny with input as _ingress({"name": "i"}, {"rules": [{"host": "a.example.com"}]})
	count(results) == 1
	some r in results
	r.path == "/spec"
}

test_manifest_empty_tls if {
	results := p.deny with input as _ingress({"name": "i"}, {"tls": [], "rules": [{"host": "a.example.com"}]})
	count(results) == 1
}

test_manifest_tls if {
	results := p.deny with input as _ingress({"name": "i"}, {"tls": [{"hosts": ["a.example.com"], "secretName": "a"}]})
	count(results) == 0
}

test_manifest_load_balancer_certificate if {
	results := p.deny with input as _ingress({"name": "i", "annotations": {"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:1:certificate/x"}}, {"rules": []})
	count(results) == 0
}

test_manifest_alb_https_listener if {
	results := p.deny with input as _ingress({"name": "i", "annotations": {"alb.ingress.kubernetes.io/listen-ports": "[{\"HTTPS\":443}]"}}, {"rules": []})
	count(results) == 0
}

test_tf_no_tls if {
	results := p.deny with input as _tf("kubernetes_ingress_v1", {"metadata": {"name": "i"}, "spec": {"rule": {"host": "a.example.com"}}})
	count(results) == 1
	some r in results
	r.path == "/spec"
}

test_tf_tls_block if {
	results := p.deny with input as _tf("kubernetes_ingress_v1", {"metadata": {"name": "i"}, "spec": {"tls": {"hosts": ["a"], "secret_name": "a"}}})
	count(results) == 0
}

test_tf_dynamic_tls if {
	results := p.deny with input as _tf("kubernetes_ingress_v1", {"metadata": {"name": "i"}, "spec": {"tls": "${dynamic.tls}"}})
	count(results) == 0
}

test_pulumi_no_tls if {
	results := p.deny with input as _pulumi("kubernetes:networking.k8s.io/v1:Ingress", {"metadata": {"name": "i"}, "spec": {"rules": []}})
	count(results) == 1
}

test_pulumi_tls if {
	results := p.deny with input as _pulumi("kubernetes:networking.k8s.io/v1:Ingress", {"spec": {"tls": [{"secretName": "a"}]}})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": []}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/spec"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
