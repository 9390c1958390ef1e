package vigil.kubernetes.rbac_csr_approval_test

import data.vigil.kubernetes.rbac_csr_approval as p
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

_role(type, rules) := _manifest(type, {"metadata": {"name": "r"}, "rules": rules})

test_manifest_grants if {
	results := p.deny with input as _role("rbac.authorization.k8s.io/ClusterRole", [
		{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]},
		{"apiGroups": ["certificates.k8s.io"], "resources": ["other", "certificatesigningrequests/approval"], "verbs": ["update"]},
	])
	count(results) == 1
	some r in results
	r.path == "/rules/1/resources/1"
}

test_manifest_wildcard_verb if {
	results := p.deny with input as _role("rbac.authorization.k8s.io/Role", [{"apiGroups": ["*"], "resources": ["certificatesigningrequests/approval"], "verbs": ["*"]}])
	count(results) == 1
}

test_manifest_other_verbs if {
	results := p.deny with input as _role("rbac.authorization.k8s.io/Role", [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["get"]}])
	count(results) == 0
}

test_manifest_named_objects if {
	results := p.deny with input as _role("rbac.authorization.k8s.io/Role", [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "resourceNames": ["one"], "verbs": ["update"]}])
	count(results) == 0
}

test_manifest_other_group if {
	results := p.deny with input as _role("rbac.authorization.k8s.io/Role", [{"apiGroups": ["example.com"], "resources": ["certificatesigningrequests/approval"], "verbs": ["update"]}])
	count(results) == 0
}

test_tf_grants if {
	results := p.deny with input as _tf("kubernetes_cluster_role_v1", {"metadata": {"name": "r"}, "rule": {"api_groups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["patch"]}})
	count(results) == 1
	some r in results
	r.path == "/rule/resources/0"
}

test_tf_unknown if {
	results := p.deny with input as _tf("kubernetes_role_v1", {"metadata": {"name": "r"}, "rule": {"api_groups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": "${var.verbs}"}})
	count(results) == 0
}

test_pulumi_grants if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {"metadata": {"name": "r"}, "rules": [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["update"]}]})
	count(results) == 1
}

test_pulumi_other_verbs if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:Role", {"metadata": {"name": "r"}, "rules": [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["get"]}]})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["update"]}]}})
	count(results) == 1
	some r in results
	r.path == "/manifest/rules/0/resources/0"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
