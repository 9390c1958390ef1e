# METADATA
# title: Ingresses terminate TLS
# description: An Ingress without a tls section is served over plain HTTP by the ingress controller, so requests, session cookies and credentials cross the network, often the internet, unencrypted and can be read or changed on the way. Kubernetes and the Terraform provider add no TLS by default. Add a tls entry with the hosts and the Secret holding their certificate (cert-manager can issue it). Ingresses whose annotations give the load balancer a certificate (for example alb.ingress.kubernetes.io/certificate-arn, networking.gke.io/managed-certificates, ingress.gcp.kubernetes.io/pre-shared-cert, or an ALB listening on HTTPS) are not reported. TLS can also be terminated in front of the ingress controller (a certificate on its LoadBalancer Service), which this policy cannot see from the Ingress, so suppress the finding there.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/ingress_v1#tls
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/networking/v1/ingress/
# custom:
#   id: VGL-K8S-046
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
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
package vigil.kubernetes.ingress_tls

import data.vigil.lib
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"networking.k8s.io/Ingress"}

deny contains result if {
	some spec in lib.block_entries(_root.value, "spec", _root.path)
	is_object(spec.value)
	not _has_tls(spec.value)
	not _certificate_annotation
	result := {
		"msg": "This Ingress has no tls section, so it is served over plain HTTP: requests, cookies and credentials travel unencrypted. Add tls with its hosts and the Secret that holds their certificate.",
		"path": spec.path,
	}
}

_has_tls(spec) if {
	tls := spec.tls
	is_array(tls)
	count(tls) > 0
}

_has_tls(spec) if is_object(spec.tls)

# Not known (a dynamic block, a variable).
_has_tls(spec) if is_string(spec.tls)

_annotations := a if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	a := m.value.annotations
	is_object(a)
}

# The load balancer in front gets a certificate from its own annotations.
_certificate_annotation if {
	some key, _ in _annotations
	some marker in ["certificate", "ssl-cert", "pre-shared-cert"]
	contains(lower(key), marker)
}

_certificate_annotation if {
	v := _annotations["alb.ingress.kubernetes.io/listen-ports"]
	is_string(v)
	contains(upper(v), "HTTPS")
}

# Annotations known only at apply time.
_certificate_annotation if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	a := m.value.annotations
	is_string(a)
}
