package vigil.lib.kubernetes_test
import data.vigil.lib.kubernetes as k8s
import rego.v1
test_types if {
  k8s.manifest_type("kubernetes:apps/v1:Deployment") == "apps/Deployment"
  k8s.manifest_type("kubernetes:extensions/v1beta1:Deployment") == "apps/Deployment"
  k8s.manifest_type("kubernetes:extensions/v1beta1:Ingress") == "networking.k8s.io/Ingress"
  k8s.manifest_type("kubernetes:core/v1:Pod") == "Pod"
  k8s.manifest_type("kubernetes:batch/v1beta1:CronJob") == "batch/CronJob"
  k8s.manifest_type("kubernetes:rbac.authorization.k8s.io/v1:Role") == "rbac.authorization.k8s.io/Role"
  k8s.manifest_type("apps/Deployment") == "apps/Deployment"
  k8s.manifest_type("kubernetes_pod") == "kubernetes_pod"
}
test_pulumi_containers if {
  cs := k8s.containers with input as {"resource": {"type": "kubernetes:apps/v1beta1:Deployment", "source": "pulumi", "values": {"spec": {"template": {"spec": {"containers": [{"name": "a", "securityContext": {"privileged": true}}]}}}}}}
  count(cs) == 1
  some c in cs
  c.path == "/spec/template/spec/containers/0"
  c.settings.privileged.value == true
}

test_rbac_rules_manifest if {
	rules := k8s.rbac_rules with input as {"resource": {"type": "rbac.authorization.k8s.io/Role", "source": "kubernetes", "values": {"rules": [
		{"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]},
		{"apiGroups": [""], "resources": "${var.resources}", "verbs": ["get"]},
	]}}}
	count(rules) == 1
	rules[0].path == "/rules/0"
	k8s.rbac_grant_index(rules[0], {""}, "pods", {"create"}) == 0
	not k8s.rbac_grants(rules[0], {""}, "pods", {"delete"})
}

test_rbac_rules_terraform if {
	rules := k8s.rbac_rules with input as {"resource": {"type": "kubernetes_cluster_role_v1", "source": "terraform", "values": {"rule": {"api_groups": ["*"], "resources": ["nodes", "nodes/proxy"], "verbs": ["*"]}}}}
	count(rules) == 1
	rules[0].path == "/rule"
	rules[0].keys.resources == "resources"
	k8s.rbac_grant_index(rules[0], {""}, "nodes/proxy", {"get"}) == 1
}

test_rbac_named_objects_do_not_grant if {
	rules := k8s.rbac_rules with input as {"resource": {"type": "rbac.authorization.k8s.io/Role", "source": "kubernetes", "values": {"rules": [
		{"apiGroups": [""], "resources": ["secrets"], "resourceNames": ["tls"], "verbs": ["get"]},
	]}}}
	not k8s.rbac_grants(rules[0], {""}, "secrets", {"get"})
}

test_terraform_manifest_containers if {
	cs := k8s.containers with input as {"resource": {"type": "kubernetes_manifest", "source": "terraform", "values": {"manifest": {
		"apiVersion": "extensions/v1beta1",
		"kind": "Deployment",
		"spec": {"template": {"spec": {"containers": [{"name": "a", "securityContext": {"privileged": true}}]}}},
	}}}}
	count(cs) == 1
	some c in cs
	c.path == "/manifest/spec/template/spec/containers/0"
	c.settings.privileged.path == "/manifest/spec/template/spec/containers/0/securityContext/privileged"
	k8s.attr("securityContext") == "securityContext" with input as {"resource": {"type": "kubernetes_manifest"}}
}

test_terraform_manifest_types if {
	k8s.resource_type({"type": "kubernetes_manifest", "values": {"manifest": {"apiVersion": "v1", "kind": "Pod"}}}) == "Pod"
	k8s.resource_type({"type": "kubernetes_manifest", "values": {"manifest": {"apiVersion": "batch/v1", "kind": "CronJob"}}}) == "batch/CronJob"
	k8s.resource_type({"type": "kubernetes_pod_v1", "values": {}}) == "kubernetes_pod_v1"
	specs := k8s.pod_specs_of({"type": "kubernetes_manifest", "values": {"manifest": {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": []}}}})
	specs == {{"path": "/manifest/spec", "spec": {"containers": []}}}
}

test_terraform_manifest_other_kinds if {
	specs := k8s.pod_specs with input as {"resource": {"type": "kubernetes_manifest", "values": {"manifest": {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "spec": {}}}}}
	count(specs) == 0
}
