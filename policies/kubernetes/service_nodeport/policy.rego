# METADATA
# title: Services are not exposed as NodePort
# description: A NodePort Service opens its port (30000-32767) on every node of the cluster, on every address the nodes have, bypassing the load balancer or ingress that would otherwise front it with TLS, authentication and access lists; whether it is reachable from outside depends only on the nodes' firewalls. Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer Service with source ranges. Kubernetes and the Terraform provider default to ClusterIP when type is omitted, which is not reported.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/service_v1#type
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/service/
# custom:
#   id: VGL-K8S-029
#   severity: medium
#   enforcement: advisory
#   resources:
#     - Service
#     - kubernetes_service
#     - kubernetes_service_v1
#     - "kubernetes:core/v1:Service"
#     - kubernetes_manifest
#   controls:
#     NIST-800-53-r5: ["CM-7", "SC-7"]
package vigil.kubernetes.service_nodeport

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"Service"}

deny contains result if {
	some spec in lib.block_entries(_root.value, "spec", _root.path)
	t := spec.value.type
	is_string(t)
	trim_space(t) == "NodePort"
	result := {
		"msg": "This Service is of type NodePort: its port is opened on every node of the cluster, on every node address, without the load balancer or ingress that would front it. Use type ClusterIP behind an Ingress or Gateway, or a LoadBalancer with source ranges.",
		"path": sprintf("%s/type", [spec.path]),
	}
}
