# METADATA
# title: LoadBalancer Services restrict their source ranges
# description: A LoadBalancer Service gets a cloud load balancer that, without loadBalancerSourceRanges, accepts connections from any address on the internet. Kubernetes and the Terraform provider set no ranges by default. List the client networks in loadBalancerSourceRanges (or the service.beta.kubernetes.io/load-balancer-source-ranges annotation), or make the load balancer internal. Internal load balancers (the AWS, Azure, GCP and OCI internal annotations) are not reported; a range of 0.0.0.0/0 or ::/0 is reported like a missing one.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
#   - https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/
#   - https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/service_v1#load_balancer_source_ranges
#   - https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/service/
# custom:
#   id: VGL-K8S-030
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
package vigil.kubernetes.service_loadbalancer_source_ranges

import data.vigil.lib
import data.vigil.lib.kubernetes.is_terraform
import data.vigil.lib.kubernetes.input_type
import data.vigil.lib.kubernetes.manifest_root
import rego.v1

# The manifest's fields: the values, or /manifest of a kubernetes_manifest of the kinds
# this policy checks (undefined for other kinds: nothing is reported).
_root := manifest_root if input.resource.type != "kubernetes_manifest"

_root := manifest_root if input_type in {"Service"}

_ranges := "load_balancer_source_ranges" if is_terraform

_ranges := "loadBalancerSourceRanges" if not is_terraform

_spec := s if {
	some s in lib.block_entries(_root.value, "spec", _root.path)
	t := s.value.type
	is_string(t)
	trim_space(t) == "LoadBalancer"
}

# No ranges at all.
deny contains result if {
	spec := _spec
	not _has_ranges(spec.value)
	not _annotation_ranges
	not _internal
	result := {
		"msg": sprintf(
			"This LoadBalancer Service sets no %s, so its load balancer accepts connections from any address on the internet. List the client networks in %s, or make the load balancer internal.",
			[_ranges, _ranges],
		),
		"path": spec.path,
	}
}

# A range open to everyone.
deny contains result if {
	spec := _spec
	not _internal
	ranges := spec.value[_ranges]
	is_array(ranges)
	some i, cidr in ranges
	is_string(cidr)
	trim_space(cidr) in {"0.0.0.0/0", "::/0"}
	result := {
		"msg": sprintf(
			"This LoadBalancer Service allows %s in %s, so its load balancer accepts connections from any address on the internet. List only the client networks that need it.",
			[cidr, _ranges],
		),
		"path": sprintf("%s/%s/%d", [spec.path, _ranges, i]),
	}
}

# Ranges written (or not known).
_has_ranges(spec) if {
	r := spec[_ranges]
	is_array(r)
	count(r) > 0
}

_has_ranges(spec) if {
	r := spec[_ranges]
	is_string(r)
	r != ""
}

_annotations := a if {
	some m in lib.block_entries(_root.value, "metadata", _root.path)
	a := m.value.annotations
	is_object(a)
}

_annotation_ranges if {
	v := _annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]
	is_string(v)
	trim_space(v) != ""
	not contains(v, "0.0.0.0/0")
}

# Internal load balancers, by the cloud providers' annotations.
_internal_annotations := {
	"service.beta.kubernetes.io/aws-load-balancer-internal": {"true", "0.0.0.0/0"},
	"service.beta.kubernetes.io/azure-load-balancer-internal": {"true"},
	"service.beta.kubernetes.io/oci-load-balancer-internal": {"true"},
	"networking.gke.io/load-balancer-type": {"internal"},
	"cloud.google.com/load-balancer-type": {"internal"},
	"service.beta.kubernetes.io/aws-load-balancer-scheme": {"internal"},
	"service.beta.kubernetes.io/openstack-internal-load-balancer": {"true"},
}

_internal if {
	some key, values in _internal_annotations
	v := _annotations[key]
	is_string(v)
	lower(trim_space(v)) in values
}

_internal if {
	some key, _ in _internal_annotations
	v := _annotations[key]
	v == true
}
