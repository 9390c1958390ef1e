package vigil.aws.eks.control_plane_logs_test

import data.vigil.aws.eks.control_plane_logs as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "cluster", "type": type, "name": "cluster", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

_all := ["api", "audit", "authenticator", "controllerManager", "scheduler"]

test_tf_missing if {
	results := p.deny with input as _res("aws_eks_cluster", "terraform", {"name": "prod"})
	count(results) == 1
	some r in results
	r.path == "/enabled_cluster_log_types"
	r.fix == [{"op": "add", "path": "/enabled_cluster_log_types", "value": _all}]
}

test_tf_partial if {
	results := p.deny with input as _res("aws_eks_cluster", "terraform", {"enabled_cluster_log_types": ["api", "audit"]})
	count(results) == 1
	some r in results
	r.path == "/enabled_cluster_log_types"
	r.fix == [
		{"op": "add", "path": "/enabled_cluster_log_types/-", "value": "authenticator"},
		{"op": "add", "path": "/enabled_cluster_log_types/-", "value": "controllerManager"},
		{"op": "add", "path": "/enabled_cluster_log_types/-", "value": "scheduler"},
	]
}

test_tf_all if {
	count(p.deny) == 0 with input as _res("aws_eks_cluster", "terraform", {"enabled_cluster_log_types": _all})
	count(p.deny) == 0 with input as _res("aws_eks_cluster", "terraform", {"enabled_cluster_log_types": "${var.types}"})
	count(p.deny) == 0 with input as _res("aws_eks_cluster", "terraform", {"enabled_cluster_log_types": ["api", "${var.more}"]})
}

test_cfn_missing if {
	results := p.deny with input as _res("AWS::EKS::Cluster", "cloudformation", {"Name": "prod"})
	some r in results
	r.path == "/Logging/ClusterLogging/EnabledTypes"
	r.fix == [{"op": "add", "path": "/Logging", "value": {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}, {"Type": "authenticator"}, {"Type": "controllerManager"}, {"Type": "scheduler"}]}}}]
}

test_cfn_partial if {
	results := p.deny with input as _res("AWS::EKS::Cluster", "cloudformation", {"Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}, {"Type": "authenticator"}, {"Type": "controllerManager"}]}}})
	some r in results
	r.fix == [{"op": "add", "path": "/Logging/ClusterLogging/EnabledTypes/-", "value": {"Type": "scheduler"}}]
}

test_cfn_all if {
	count(p.deny) == 0 with input as _res("AWS::EKS::Cluster", "cloudformation", {"Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": t} | some t in _all]}}})
}

test_pulumi if {
	results := p.deny with input as _res("aws:eks/cluster:Cluster", "pulumi", {"enabledClusterLogTypes": ["api"]})
	some r in results
	r.path == "/enabledClusterLogTypes"
	count(p.deny) == 0 with input as _res("aws:eks/cluster:Cluster", "pulumi", {"enabledClusterLogTypes": _all})
}
