package vigil.kubernetes.aws_auth_system_masters_test

import data.vigil.kubernetes.aws_auth_system_masters as p
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

_aws_auth(type, values) := _manifest(type, values)

_roles := "- rolearn: arn:aws:iam::1:role/admin\n  username: admin\n  groups:\n    - system:masters\n"

test_manifest_masters if {
	results := p.deny with input as _manifest("ConfigMap", {"metadata": {"name": "aws-auth", "namespace": "kube-system"}, "data": {"mapRoles": _roles}})
	count(results) == 1
	some r in results
	r.path == "/data/mapRoles"
}

test_manifest_map_users if {
	results := p.deny with input as _manifest("ConfigMap", {"metadata": {"name": "aws-auth"}, "data": {"mapUsers": "[{\"userarn\": \"arn:aws:iam::1:user/a\", \"groups\": [\"system:masters\"]}]"}})
	count(results) == 1
	some r in results
	r.path == "/data/mapUsers"
}

test_manifest_commented_out if {
	results := p.deny with input as _manifest("ConfigMap", {"metadata": {"name": "aws-auth"}, "data": {"mapRoles": "- rolearn: a\n  groups:\n    # - system:masters\n    - admins\n"}})
	count(results) == 0
}

test_manifest_other_config_map if {
	results := p.deny with input as _manifest("ConfigMap", {"metadata": {"name": "settings"}, "data": {"mapRoles": _roles}})
	count(results) == 0
}

test_tf_config_map_data if {
	results := p.deny with input as _tf("kubernetes_config_map_v1_data", {"metadata": {"name": "aws-auth", "namespace": "kube-system"}, "data": {"mapRoles": _roles}})
	count(results) == 1
}

test_tf_unknown if {
	results := p.deny with input as _tf("kubernetes_config_map_v1_data", {"metadata": {"name": "aws-auth"}, "data": {"mapRoles": "${yamlencode(local.roles)}"}})
	count(results) == 0
}

test_pulumi_masters if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:ConfigMapPatch", {"metadata": {"name": "aws-auth", "namespace": "kube-system"}, "data": {"mapRoles": _roles}})
	count(results) == 1
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "aws-auth"}, "data": {"mapRoles": _roles}}})
	count(results) == 1
	some r in results
	r.path == "/manifest/data/mapRoles"
}
