# METADATA
# title: EKS API endpoints are not open to the whole internet
# description: An EKS cluster's public API endpoint is on by default and, unless public access CIDRs are set, accepts connections from 0.0.0.0/0, so anyone on the internet can reach the Kubernetes API server, try leaked or stolen credentials against it, and exploit any flaw in it before authentication. This flags aws_eks_cluster vpc_config blocks, AWS::EKS::Cluster ResourcesVpcConfig and Pulumi vpcConfig where the public endpoint is on (set to true, or left out, since it defaults to true in both the provider and CloudFormation) and the public access CIDRs are left out (the default is 0.0.0.0/0) or include 0.0.0.0/0. Turn the public endpoint off and reach the cluster from inside the VPC (private endpoint, VPN, bastion), or limit the public access CIDRs to the address ranges that need the API.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
#   - https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-eks-cluster-resourcesvpcconfig.html
# custom:
#   id: VGL-AWS-EKS-001
#   severity: high
#   enforcement: advisory
#   resources: [aws_eks_cluster, "AWS::EKS::Cluster", "aws:eks/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_AWS_38, CKV_AWS_39, AWS-0040, AWS-0041]
package vigil.aws.eks.public_endpoint

import data.vigil.lib
import rego.v1

_values := input.resource.values

_anywhere := "0.0.0.0/0"

# The attribute names of each source.
_names := {
	"block": "vpc_config",
	"public": "endpoint_public_access",
	"private": "endpoint_private_access",
	"cidrs": "public_access_cidrs",
	"cluster_name": "name",
} if input.resource.type == "aws_eks_cluster"

_names := {
	"block": "ResourcesVpcConfig",
	"public": "EndpointPublicAccess",
	"private": "EndpointPrivateAccess",
	"cidrs": "PublicAccessCidrs",
	"cluster_name": "Name",
} if input.resource.type == "AWS::EKS::Cluster"

_names := {
	"block": "vpcConfig",
	"public": "endpointPublicAccess",
	"private": "endpointPrivateAccess",
	"cidrs": "publicAccessCidrs",
	"cluster_name": "name",
} if input.resource.type == "aws:eks/cluster:Cluster"

_set(obj, key) if {
	lib.has_key(obj, key)
	obj[key] != null
}

# The public endpoint is on: explicitly, or by default. An unknown value is neither.
_public(vc) := "explicit" if lib.is_true(vc[_names.public])

_public(vc) := "default" if not _set(vc, _names.public)

# Where the public endpoint is open to 0.0.0.0/0: each such CIDR entry, or the default
# when no CIDRs are given. An unknown list, an unknown entry or an empty list is not.
_open(vc, prefix) := [{"path": sprintf("%s/%s/%d", [prefix, _names.cidrs, i]), "how": "entry"} |
	cidrs := vc[_names.cidrs]
	is_array(cidrs)
	some i, cidr in cidrs
	is_string(cidr)
	trim_space(cidr) == _anywhere
] if _set(vc, _names.cidrs)

_open(vc, prefix) := [{"path": _default_path(vc, prefix), "how": "default"}] if not _set(vc, _names.cidrs)

# With default CIDRs, the finding sits on the explicit `true`, else on the block.
_default_path(vc, prefix) := sprintf("%s/%s", [prefix, _names.public]) if _public(vc) == "explicit"

_default_path(vc, prefix) := prefix if _public(vc) == "default"

_why_public := {
	"explicit": "%s is true",
	"default": "%s is not set (default true)",
}

_why_open := {
	"entry": "%s includes 0.0.0.0/0",
	"default": "%s is not set (default 0.0.0.0/0)",
}

_label := sprintf("EKS cluster \"%s\"", [_values[_names.cluster_name]]) if _named

_label := "The EKS cluster" if not _named

_named if {
	name := _values[_names.cluster_name]
	is_string(name)
	name != ""
	not contains(name, "${")
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	input.resource.type in {"aws_eks_cluster", "AWS::EKS::Cluster", "aws:eks/cluster:Cluster"}
	some vc in lib.block_entries(_values, _names.block, "")
	is_object(vc.value)
	public := _public(vc.value)
	some open in _open(vc.value, vc.path)
	result := {
		"msg": sprintf(
			"%s exposes its Kubernetes API endpoint to the whole internet: %s, and %s. Anyone can then reach the API server, try leaked credentials against it or exploit a flaw in it. Set %s to false (with %s true) and reach the cluster from inside the VPC, or limit %s to the address ranges that need the API.",
			[
				_label,
				sprintf(_why_public[public], [_names.public]),
				sprintf(_why_open[open.how], [_names.cidrs]),
				_names.public, _names.private, _names.cidrs,
			],
		),
		"path": open.path,
	}
}
