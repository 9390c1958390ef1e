package vigil.kubernetes.default_service_account_automount_test

import data.vigil.kubernetes.default_service_account_automount as p
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

_sa(metadata, extra) := _manifest("ServiceAccount", object.union({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata}, extra))

test_manifest_unset if {
	results := p.deny with input as _sa({"name": "default", "namespace": "shop"}, {})
	count(results) == 1
	some r in results
	r.path == ""
	r.fix == [{"op": "add", "path": "/automountServiceAccountToken", "value": false}]
}

test_manifest_true if {
	results := p.deny with input as _sa({"name": "default"}, {"automountServiceAccountToken": true})
	count(results) == 1
	some r in results
	r.path == "/automountServiceAccountToken"
}

test_manifest_false if {
	results := p.deny with input as _sa({"name": "default"}, {"automountServiceAccountToken": false})
	count(results) == 0
}

test_manifest_other_account if {
	results := p.deny with input as _sa({"name": "api"}, {})
	count(results) == 0
}

test_tf_default_account if {
	results := p.deny with input as _tf("kubernetes_default_service_account_v1", {"metadata": {"namespace": "shop"}})
	count(results) == 1
	some r in results
	r.fix == [{"op": "add", "path": "/automount_service_account_token", "value": false}]
}

test_tf_default_account_off if {
	results := p.deny with input as _tf("kubernetes_default_service_account", {"metadata": {"namespace": "shop"}, "automount_service_account_token": false})
	count(results) == 0
}

test_tf_unknown if {
	results := p.deny with input as _tf("kubernetes_default_service_account_v1", {"metadata": {"namespace": "shop"}, "automount_service_account_token": "${var.automount}"})
	count(results) == 0
}

test_pulumi_default if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:ServiceAccount", {"metadata": {"name": "default"}})
	count(results) == 1
}

test_tf_manifest if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "shop"}}})
	count(results) == 1
	some r in results
	r.path == "/manifest"
}

test_tf_manifest_other_kinds if {
	results := p.deny with input as _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "default"}}})
	count(results) == 0
}
