package vigil.kubernetes.rbac_escalation_verbs_test

import data.vigil.kubernetes.rbac_escalation_verbs as p
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

_role(rules) := _manifest("rbac.authorization.k8s.io/ClusterRole", {"metadata": {"name": "r"}, "rules": rules})

test_manifest_bind if {
	results := p.deny with input as _role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["rolebindings", "clusterroles"], "verbs": ["bind"]}])
	count(results) == 1
	some r in results
	r.path == "/rules/0/resources/1"
}

test_manifest_escalate_and_bind_on_one_resource if {
	results := p.deny with input as _role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles"], "verbs": ["escalate", "bind"]}])
	count(results) == 2
}

test_manifest_wildcard_verb if {
	results := p.deny with input as _role([{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["*"]}])
	count(results) == 1
}

test_manifest_named if {
	results := p.deny with input as _role([{"apiGroups": [""], "resources": ["users"], "resourceNames": ["bot"], "verbs": ["impersonate"]}])
	count(results) == 0
}

test_manifest_ordinary_verbs if {
	results := p.deny with input as _role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["get", "create", "update"]}])
	count(results) == 0
}

test_tf_escalate if {
	results := p.deny with input as _tf("kubernetes_cluster_role_v1", {"metadata": {"name": "r"}, "rule": {"api_groups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["escalate"]}})
	count(results) == 1
	some r in results
	r.path == "/rule/resources/0"
}

test_pulumi_impersonate if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {"metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["groups"], "verbs": ["impersonate"]}]})
	count(results) == 1
}

test_pulumi_ordinary if {
	results := p.deny with input as _pulumi("kubernetes:rbac.authorization.k8s.io/v1:Role", {"metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["get"]}]})
	count(results) == 0
}

# --- kubernetes_manifest -------------------------------------------------------

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind"]}]}})
	count(results) == 1
	some r in results
	r.path == "/manifest/rules/0/resources/0"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "x"}, "spec": {"type": "NodePort", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "externalIPs": ["1.2.3.4"]}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], "data": {"DB_PASSWORD": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "default"}]}})
	count(results) == 0
}
