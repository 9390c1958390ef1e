package vigil.kubernetes.namespace_network_policy_test

import data.vigil.kubernetes.namespace_network_policy as p
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

_ns(name) := {"resource": {"address": sprintf("Namespace/%s", [name]), "type": "Namespace", "name": name, "mode": "managed", "source": "kubernetes", "values": {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, "references": {}}}

_np(type, source, metadata, refs) := {"address": sprintf("%s.np", [type]), "type": type, "name": "np", "mode": "managed", "source": source, "values": {"metadata": metadata, "spec": {}}, "references": refs}

test_manifest_not_judged_without_policies_in_file if {
	results := p.deny with input as _ns("team") with data.vigil.stack as lib.stack_of([_ns("team").resource])
	count(results) == 0
}

test_manifest_policies_elsewhere_in_file if {
	np := _np("networking.k8s.io/NetworkPolicy", "kubernetes", {"name": "deny", "namespace": "other"}, {})
	results := p.deny with input as _ns("team") with data.vigil.stack as lib.stack_of([_ns("team").resource, np])
	count(results) == 1
	some r in results
	r.path == "/metadata/name"
}

test_manifest_policy_in_namespace if {
	np := _np("networking.k8s.io/NetworkPolicy", "kubernetes", {"name": "deny", "namespace": "team"}, {})
	results := p.deny with input as _ns("team") with data.vigil.stack as lib.stack_of([_ns("team").resource, np])
	count(results) == 0
}

test_tf_no_policy if {
	ns := _tf("kubernetes_namespace_v1", {"metadata": {"name": "team"}})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource])
	count(results) == 1
	some r in results
	r.path == "/metadata/name"
}

test_tf_policy_refers_to_namespace if {
	ns := _tf("kubernetes_namespace_v1", {"metadata": {"name": "team"}})
	np := _np("kubernetes_network_policy_v1", "terraform", {"name": "deny", "namespace": "${kubernetes_namespace_v1.web.metadata[0].name}"}, {"/metadata/namespace": ["kubernetes_namespace_v1.web"]})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource, np])
	count(results) == 0
}

test_tf_policy_without_namespace_is_default if {
	ns := _tf("kubernetes_namespace_v1", {"metadata": {"name": "team"}})
	np := _np("kubernetes_network_policy_v1", "terraform", {"name": "deny"}, {})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource, np])
	count(results) == 1
}

test_pulumi_no_policy if {
	ns := _pulumi("kubernetes:core/v1:Namespace", {"metadata": {"name": "team"}})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource])
	count(results) == 1
}

test_pulumi_policy_by_name if {
	ns := _pulumi("kubernetes:core/v1:Namespace", {"metadata": {"name": "team"}})
	np := _np("kubernetes:networking.k8s.io/v1:NetworkPolicy", "pulumi", {"name": "deny", "namespace": "team"}, {})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource, np])
	count(results) == 0
}

test_tf_policy_namespace_from_variable_counts if {
	ns := _tf("kubernetes_namespace_v1", {"metadata": {"name": "team"}})
	np := _np("kubernetes_network_policy_v1", "terraform", {"name": "deny", "namespace": "${var.namespace}"}, {})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource, np])
	count(results) == 0
}

test_tf_policy_of_another_namespace_resource if {
	ns := _tf("kubernetes_namespace_v1", {"metadata": {"name": "team"}})
	np := _np("kubernetes_network_policy_v1", "terraform", {"name": "deny", "namespace": "${kubernetes_namespace_v1.other.metadata[0].name}"}, {"/metadata/namespace": ["kubernetes_namespace_v1.other"]})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource, np])
	count(results) == 1
}

test_tf_manifest_policy_counts if {
	ns := _tf("kubernetes_namespace_v1", {"metadata": {"name": "team"}})
	np := {"address": "kubernetes_manifest.np", "type": "kubernetes_manifest", "name": "np", "mode": "managed", "source": "terraform", "values": {"manifest": {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": "team"}, "spec": {}}}, "references": {}}
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource, np])
	count(results) == 0
}

test_tf_manifest_namespace if {
	ns := _tf("kubernetes_manifest", {"manifest": {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}})
	results := p.deny with input as ns with data.vigil.stack as lib.stack_of([ns.resource])
	count(results) == 1
	some r in results
	r.path == "/manifest/metadata/name"
}
