# METADATA
# title: EKS clusters send all control plane logs to CloudWatch
# description: The EKS control plane logs are the only record of who called the Kubernetes API (api, audit), who authenticated as whom (authenticator), and what the controllers and scheduler did (controllerManager, scheduler); without them an intrusion into the cluster cannot be detected or investigated. No log type is enabled by default (enabled_cluster_log_types and Logging.ClusterLogging are empty). This asks for all five types; logs are billed as CloudWatch Logs ingestion and storage.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#enabled_cluster_log_types
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-eks-cluster-logging.html
# custom:
#   id: VGL-AWS-EKS-003
#   severity: medium
#   enforcement: advisory
#   resources: [aws_eks_cluster, "AWS::EKS::Cluster", "aws:eks/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_37, AWS-0038]
package vigil.aws.eks.control_plane_logs

import data.vigil.lib
import rego.v1

_values := input.resource.values

_all := ["api", "audit", "authenticator", "controllerManager", "scheduler"]

_known(x) if {
	is_string(x)
	not contains(x, "${")
}

_set(obj, key) if {
	v := obj[key]
	v != null
}

_missing_of(types) := [t | some t in _all; not t in types]

# Terraform and Pulumi: a list of strings.
_list_key := "enabled_cluster_log_types" if input.resource.type == "aws_eks_cluster"

_list_key := "enabledClusterLogTypes" if input.resource.type == "aws:eks/cluster:Cluster"

_syntax := "enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"]" if input.resource.type == "aws_eks_cluster"

_syntax := "enabledClusterLogTypes: [api, audit, authenticator, controllerManager, scheduler]" if input.resource.type == "aws:eks/cluster:Cluster"

_msg(missing) := sprintf("EKS cluster does not send the %s control plane logs to CloudWatch, so API calls, authentications and controller actions in the cluster go unrecorded. Enable all five types: %s.", [concat(", ", missing), _cfn_or_list_syntax])

_cfn_or_list_syntax := _syntax if input.resource.type != "AWS::EKS::Cluster"

_cfn_or_list_syntax := "Logging: {ClusterLogging: {EnabledTypes: [{Type: api}, {Type: audit}, {Type: authenticator}, {Type: controllerManager}, {Type: scheduler}]}}" if input.resource.type == "AWS::EKS::Cluster"

deny contains result if {
	input.resource.source in {"terraform", "pulumi"}
	_list_key
	not _set(_values, _list_key)
	path := sprintf("/%s", [_list_key])
	result := {
		"msg": _msg(_all),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": _all}],
	}
}

deny contains result if {
	input.resource.source in {"terraform", "pulumi"}
	types := _values[_list_key]
	is_array(types)
	every t in types { _known(t) }
	missing := _missing_of(types)
	count(missing) > 0
	path := sprintf("/%s", [_list_key])
	result := {
		"msg": _msg(missing),
		"path": path,
		"fix": [{"op": "add", "path": sprintf("%s/-", [path]), "value": t} | some t in missing],
	}
}

# CloudFormation: Logging.ClusterLogging.EnabledTypes, a list of {Type: ...}.
_cfn_types := object.get(_values, ["Logging", "ClusterLogging", "EnabledTypes"], null)

deny contains result if {
	input.resource.source == "cloudformation"
	input.resource.type == "AWS::EKS::Cluster"
	_cfn_types == null
	result := object.union(
		{"msg": _msg(_all), "path": "/Logging/ClusterLogging/EnabledTypes"},
		_cfn_add_fix,
	)
}

_cfn_add_fix := {"fix": [{"op": "add", "path": "/Logging", "value": {"ClusterLogging": {"EnabledTypes": [{"Type": t} | some t in _all]}}}]} if not _set(_values, "Logging")

_cfn_add_fix := {"fix": [{"op": "add", "path": "/Logging/ClusterLogging", "value": {"EnabledTypes": [{"Type": t} | some t in _all]}}]} if {
	is_object(_values.Logging)
	not _set(_values.Logging, "ClusterLogging")
}

_cfn_add_fix := {"fix": [{"op": "add", "path": "/Logging/ClusterLogging/EnabledTypes", "value": [{"Type": t} | some t in _all]}]} if {
	is_object(_values.Logging.ClusterLogging)
	not _set(_values.Logging.ClusterLogging, "EnabledTypes")
}

deny contains result if {
	input.resource.source == "cloudformation"
	input.resource.type == "AWS::EKS::Cluster"
	is_array(_cfn_types)
	every e in _cfn_types { _known(e.Type) }
	missing := _missing_of([e.Type | some e in _cfn_types])
	count(missing) > 0
	result := {
		"msg": _msg(missing),
		"path": "/Logging/ClusterLogging/EnabledTypes",
		"fix": [{"op": "add", "path": "/Logging/ClusterLogging/EnabledTypes/-", "value": {"Type": t}} | some t in missing],
	}
}
