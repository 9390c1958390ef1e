# METADATA
# title: Ingresses do not inject ingress-nginx configuration snippets
# description: The ingress-nginx annotations configuration-snippet, server-snippet, auth-snippet and stream-snippet copy raw NGINX configuration into the controller. The controller runs with a service account that can read every Secret of the cluster, so whoever can write an Ingress can use a snippet to read those Secrets or run code in the controller (CVE-2021-25742, and the snippet paths of CVE-2025-1974); recent ingress-nginx releases refuse them unless allow-snippet-annotations is turned on. Express the behaviour with the controller's dedicated annotations or its ConfigMap instead.
# related_resources:
#   - https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet
#   - https://github.com/kubernetes/ingress-nginx/issues/7837
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/ingress_v1#annotations
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/networking/v1/ingress/
# custom:
#   id: VGL-K8S-051
#   severity: medium
#   enforcement: advisory
#   resources:
#     - networking.k8s.io/Ingress
#     - kubernetes_ingress
#     - kubernetes_ingress_v1
#     - "kubernetes:networking.k8s.io/v1:Ingress"
#     - "kubernetes:networking.k8s.io/v1beta1:Ingress"
#     - "kubernetes:extensions/v1beta1:Ingress"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["CM-7", "SI-10"]
package vigil.kubernetes.ingress_nginx_snippets

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type == "networking.k8s.io/Ingress"

_snippets := {
	"nginx.ingress.kubernetes.io/configuration-snippet",
	"nginx.ingress.kubernetes.io/server-snippet",
	"nginx.ingress.kubernetes.io/auth-snippet",
	"nginx.ingress.kubernetes.io/stream-snippet",
	"nginx.org/server-snippets",
	"nginx.org/location-snippets",
}

deny contains result if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	annotations := m.value.annotations
	is_object(annotations)
	some key, value in annotations
	key in _snippets
	is_string(value)
	trim_space(value) != ""
	path := sprintf("%s/annotations/%s", [m.path, replace(replace(key, "~", "~0"), "/", "~1")])
	result := {
		"msg": sprintf(
			"This Ingress injects raw NGINX configuration through %s: the ingress controller can read every Secret of the cluster, and snippets let whoever writes an Ingress read them or run code in it. Use the controller's dedicated annotations or its ConfigMap instead.",
			[key],
		),
		"path": path,
	}
}
