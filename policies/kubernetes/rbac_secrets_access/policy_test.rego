package vigil.kubernetes.rbac_secrets_access_test

import data.vigil.kubernetes.rbac_secrets_access as p
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

_role(rules) := _manifest("rbac.authorization.k8s.io/Role", {"metadata": {"name": "r", "namespace": "shop"}, "rules": rules})

test_manifest_list_secrets if {
	results := p.deny with input as _role([{"apiGroups": [""], "resources": ["pods", "secrets"], "verbs": ["list"]}])
	count(results) == 1
	some r in results
	r.path == "/rules/0/resources/1"
}

test_manifest_wildcards if {
	results := p.deny with input as _role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	count(results) == 1
}

test_manifest_named_secret if {
	results := p.deny with input as _role([{"apiGroups": [""], "resources": ["secrets"], "resourceNames": ["tls"], "verbs": ["get"]}])
	count(results) == 0
}

test_manifest_write_only if {
	results := p.deny with input as _role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "delete"]}])
	count(results) == 0
}

test_manifest_other_group if {
	results := p.deny with input as _role([{"apiGroups": ["apps"], "resources": ["*"], "verbs": ["get"]}])
	count(results) == 0
}

test_tf_rule if {
	results := p.deny with input as _tf("kubernetes_role_v1", {"metadata": {"name": "r"}, "rule": {"api_groups": [""], "resources": ["secrets"], "verbs": ["watch"]}})
	count(results) == 1
	some r in results
	r.path == "/rule/resources/0"
}

test_tf_named if {
	results := p.deny with input as _tf("kubernetes_role_v1", {"metadata": {"name": "r"}, "rule": {"api_groups": [""], "resources": ["secrets"], "resource_names": ["a"], "verbs": ["get"]}})
	count(results) == 0
}

test_pulumi_rule if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {"metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]})
	count(results) == 1
}

test_pulumi_configmaps if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:Role", {"metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]}})
	count(results) == 1
	some r in results
	r.path == "/manifest/rules/0/resources/0"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
