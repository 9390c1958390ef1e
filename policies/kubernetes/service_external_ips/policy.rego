# METADATA
# title: Services do not claim external IPs
# description: spec.externalIPs makes every node route traffic for the listed addresses to the Service, and Kubernetes does not check that the Service's owner controls them (CVE-2020-8554). A Service that lists another system's address, a database, a cloud metadata endpoint or an external API, intercepts what pods and nodes send there. Unless an admission policy restricts externalIPs, expose workloads through a LoadBalancer Service or an Ingress instead. Kubernetes and the Terraform provider set no external IPs by default.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
#   - https://github.com/kubernetes/kubernetes/issues/97076
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/service_v1#external_ips
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/service/
# custom:
#   id: VGL-K8S-045
#   severity: medium
#   enforcement: advisory
#   resources:
#     - Service
#     - kubernetes_service
#     - kubernetes_service_v1
#     - "kubernetes:core/v1:Service"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
package vigil.kubernetes.service_external_ips

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"Service"}

_key := "external_ips" if is_terraform

_key := "externalIPs" if not is_terraform

deny contains result if {
	some spec in lib.block_entries(_root.value, "spec", _root.path)
	ips := spec.value[_key]
	is_array(ips)
	count(ips) > 0
	result := {
		"msg": sprintf(
			"This Service claims the external IPs %s: every node routes traffic for them to it, whoever owns those addresses, which can intercept what pods and nodes send there (CVE-2020-8554). Expose the workload through a LoadBalancer Service or an Ingress instead.",
			[concat(", ", [sprintf("%v", [ip]) | some ip in ips])],
		),
		"path": sprintf("%s/%s", [spec.path, _key]),
	}
}
