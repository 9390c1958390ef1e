package vigil.aws.eks.public_endpoint_test

import data.vigil.aws.eks.public_endpoint as p
import rego.v1

_tf(values) := {"resource": {
	"address": "aws_eks_cluster.this",
	"type": "aws_eks_cluster",
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(props) := {"resource": {
	"address": "Cluster",
	"type": "AWS::EKS::Cluster",
	"name": "Cluster",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

_cluster(vpc_config) := {
	"name": "main",
	"role_arn": "${aws_iam_role.cluster.arn}",
	"vpc_config": vpc_config,
}

_subnets := {"subnet_ids": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]}

# --- Terraform -----------------------------------------------------------------

test_tf_defaults if {
	results := p.deny with input as _tf(_cluster(_subnets))
	_paths(results) == {"/vpc_config"}
	some r in results
	contains(r.msg, "endpoint_public_access is not set (default true)")
	contains(r.msg, "public_access_cidrs is not set (default 0.0.0.0/0)")
	contains(r.msg, "\"main\"")
}

test_tf_explicit_public_default_cidrs if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {"endpoint_public_access": true, "endpoint_private_access": true})))
	_paths(results) == {"/vpc_config/endpoint_public_access"}
}

test_tf_public_as_string if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {"endpoint_public_access": "true"})))
	_paths(results) == {"/vpc_config/endpoint_public_access"}
}

test_tf_open_cidr_entry if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {
		"endpoint_public_access": true,
		"public_access_cidrs": ["203.0.113.0/24", "0.0.0.0/0"],
	})))
	_paths(results) == {"/vpc_config/public_access_cidrs/1"}
	some r in results
	contains(r.msg, "public_access_cidrs includes 0.0.0.0/0")
}

test_tf_open_cidr_entry_default_public if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {"public_access_cidrs": ["0.0.0.0/0"]})))
	_paths(results) == {"/vpc_config/public_access_cidrs/0"}
}

test_tf_private_only if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {
		"endpoint_public_access": false,
		"endpoint_private_access": true,
	})))
	count(results) == 0
}

test_tf_private_only_with_open_cidrs_ignored if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {
		"endpoint_public_access": false,
		"endpoint_private_access": true,
		"public_access_cidrs": ["0.0.0.0/0"],
	})))
	count(results) == 0
}

test_tf_restricted_cidrs if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {"public_access_cidrs": ["203.0.113.0/24"]})))
	count(results) == 0
}

test_tf_empty_cidrs_not_flagged if {
	results := p.deny with input as _tf(_cluster(object.union(_subnets, {"public_access_cidrs": []})))
	count(results) == 0
}

test_tf_unknown_values if {
	r1 := p.deny with input as _tf(_cluster(object.union(_subnets, {"endpoint_public_access": "${var.public}"})))
	count(r1) == 0
	r2 := p.deny with input as _tf(_cluster(object.union(_subnets, {"public_access_cidrs": "${var.cidrs}"})))
	count(r2) == 0
	r3 := p.deny with input as _tf(_cluster(object.union(_subnets, {"public_access_cidrs": ["${var.cidr}"]})))
	count(r3) == 0
	r4 := p.deny with input as _tf(_cluster("${dynamic.vpc_config}"))
	count(r4) == 0
}

test_tf_no_vpc_config if {
	results := p.deny with input as _tf({"name": "main"})
	count(results) == 0
}

# --- CloudFormation ------------------------------------------------------------

test_cfn_defaults if {
	results := p.deny with input as _cfn({"Name": "main", "ResourcesVpcConfig": {"SubnetIds": ["subnet-0a1b2c3d"]}})
	_paths(results) == {"/ResourcesVpcConfig"}
	some r in results
	contains(r.msg, "EndpointPublicAccess is not set (default true)")
}

test_cfn_explicit_public if {
	results := p.deny with input as _cfn({"ResourcesVpcConfig": {"SubnetIds": ["subnet-0a1b2c3d"], "EndpointPublicAccess": true}})
	_paths(results) == {"/ResourcesVpcConfig/EndpointPublicAccess"}
}

test_cfn_open_cidr if {
	results := p.deny with input as _cfn({"ResourcesVpcConfig": {
		"SubnetIds": ["subnet-0a1b2c3d"],
		"EndpointPublicAccess": "true",
		"PublicAccessCidrs": ["0.0.0.0/0"],
	}})
	_paths(results) == {"/ResourcesVpcConfig/PublicAccessCidrs/0"}
}

test_cfn_private if {
	results := p.deny with input as _cfn({"ResourcesVpcConfig": {
		"SubnetIds": ["subnet-0a1b2c3d"],
		"EndpointPublicAccess": false,
		"EndpointPrivateAccess": true,
	}})
	count(results) == 0
}

test_cfn_restricted if {
	results := p.deny with input as _cfn({"ResourcesVpcConfig": {
		"SubnetIds": ["subnet-0a1b2c3d"],
		"PublicAccessCidrs": ["203.0.113.0/24"],
	}})
	count(results) == 0
}

test_cfn_terraform_names_ignored if {
	results := p.deny with input as _cfn({"vpc_config": {"subnet_ids": ["subnet-0a1b2c3d"]}})
	count(results) == 0
}

# --- Pulumi ---------------------------------------------------------------------

_pulumi(values) := {"resource": {
	"address": "cluster",
	"type": "aws:eks/cluster:Cluster",
	"name": "cluster",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

test_pulumi_defaults if {
	results := p.deny with input as _pulumi({"name": "prod", "vpcConfig": {"subnetIds": ["subnet-0a1b2c3d"]}})
	_paths(results) == {"/vpcConfig"}
}

test_pulumi_open_cidr if {
	results := p.deny with input as _pulumi({"vpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["10.0.0.0/8", "0.0.0.0/0"]}})
	_paths(results) == {"/vpcConfig/publicAccessCidrs/1"}
}

test_pulumi_private if {
	count(p.deny) == 0 with input as _pulumi({"vpcConfig": {"endpointPublicAccess": false, "endpointPrivateAccess": true}})
	count(p.deny) == 0 with input as _pulumi({"vpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["203.0.113.0/24"]}})
}
