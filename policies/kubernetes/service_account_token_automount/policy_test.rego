package vigil.kubernetes.service_account_token_automount_test

import data.vigil.kubernetes.service_account_token_automount as p
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

_sa(name, automount) := {
	"address": sprintf("ServiceAccount/shop/%s", [name]),
	"type": "ServiceAccount",
	"name": name,
	"mode": "managed",
	"source": "kubernetes",
	"values": {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}, "automountServiceAccountToken": automount},
	"references": {},
}

test_manifest_default_account if {
	results := p.deny with input as _deployment({"containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec"
	r.fix == [{"op": "add", "path": "/spec/template/spec/automountServiceAccountToken", "value": false}]
	contains(r.msg, "\"default\"")
}

test_manifest_off_on_pod if {
	results := p.deny with input as _deployment({"automountServiceAccountToken": false, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_manifest_explicit_true_is_a_choice if {
	results := p.deny with input as _deployment({"automountServiceAccountToken": true, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_manifest_account_turns_it_off if {
	results := p.deny with input as _deployment({"serviceAccountName": "worker", "containers": [{"name": "web", "image": "web:1"}]})
		with data.vigil.stack as lib.stack_of([_sa("worker", false)])
	count(results) == 0
}

test_manifest_account_keeps_it_on_explicitly if {
	results := p.deny with input as _deployment({"serviceAccountName": "worker", "containers": [{"name": "web", "image": "web:1"}]})
		with data.vigil.stack as lib.stack_of([_sa("worker", true)])
	count(results) == 0
}

test_manifest_account_does_not_decide if {
	sa := object.remove(_sa("worker", true), ["values"])
	worker := object.union(sa, {"values": {"metadata": {"name": "worker"}}})
	results := p.deny with input as _deployment({"serviceAccountName": "worker", "containers": [{"name": "web", "image": "web:1"}]})
		with data.vigil.stack as lib.stack_of([worker, _sa("other", false)])
	count(results) == 1
}

test_tf_omitted if {
	results := p.deny with input as _tf_deployment({"container": {"name": "web", "image": "web:1"}})
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec"
	r.fix == [{"op": "add", "path": "/spec/template/spec/automount_service_account_token", "value": false}]
}

test_tf_account_turns_it_off if {
	sa := {"address": "kubernetes_service_account_v1.worker", "type": "kubernetes_service_account_v1", "name": "worker", "mode": "managed", "source": "terraform", "values": {"metadata": {"name": "worker"}, "automount_service_account_token": false}, "references": {}}
	results := p.deny with input as _tf_deployment({"service_account_name": "worker", "container": {"name": "web", "image": "web:1"}})
		with data.vigil.stack as lib.stack_of([sa])
	count(results) == 0
}

test_tf_unknown_account if {
	results := p.deny with input as _tf_deployment({"service_account_name": "${kubernetes_service_account_v1.app.metadata[0].name}", "container": {"name": "web", "image": "web:1"}})
	count(results) == 0
}

test_pulumi_omitted if {
	results := p.deny with input as _pulumi("kubernetes:core/v1:Pod", {"spec": {"containers": [{"name": "web", "image": "web:1"}]}})
	count(results) == 1
	some r in results
	r.path == "/spec"
}

test_pulumi_off if {
	results := p.deny with input as _pulumi_deployment({"automountServiceAccountToken": false, "containers": [{"name": "web", "image": "web:1"}]})
	count(results) == 0
}

test_tf_referenced_account_without_setting if {
	sa := {"address": "kubernetes_service_account_v1.app", "type": "kubernetes_service_account_v1", "name": "app", "mode": "managed", "source": "terraform", "values": {"metadata": {"name": "app"}}, "references": {}}
	deployment := _tf_deployment({"service_account_name": "${kubernetes_service_account_v1.app.metadata[0].name}", "container": {"name": "web", "image": "web:1"}})
	input_with_refs := object.union(deployment, {"resource": object.union(deployment.resource, {"references": {"/spec/template/spec/service_account_name": ["kubernetes_service_account_v1.app"]}})})
	results := p.deny with input as input_with_refs with data.vigil.stack as lib.stack_of([sa, input_with_refs.resource])
	count(results) == 1
	some r in results
	r.path == "/spec/template/spec"
	contains(r.msg, "kubernetes_service_account_v1.app")
}

test_tf_referenced_account_off if {
	sa := {"address": "kubernetes_service_account_v1.app", "type": "kubernetes_service_account_v1", "name": "app", "mode": "managed", "source": "terraform", "values": {"metadata": {"name": "app"}, "automount_service_account_token": false}, "references": {}}
	deployment := _tf_deployment({"service_account_name": "${kubernetes_service_account_v1.app.metadata[0].name}", "container": {"name": "web", "image": "web:1"}})
	input_with_refs := object.union(deployment, {"resource": object.union(deployment.resource, {"references": {"/spec/template/spec/service_account_name": ["kubernetes_service_account_v1.app"]}})})
	results := p.deny with input as input_with_refs with data.vigil.stack as lib.stack_of([sa, input_with_refs.resource])
	count(results) == 0
}
