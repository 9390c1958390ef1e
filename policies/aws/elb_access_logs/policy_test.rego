package vigil.aws.elb.access_logs_test

import data.vigil.aws.elb.access_logs as p
import rego.v1

_in(source, type, values) := {"resource": {
	"address": "lb.main",
	"type": type,
	"name": "main",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

_deny(source, type, values) := results if {
	results := p.deny with input as _in(source, type, values)
}

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := _deny("terraform", "aws_lb", {"name": "web"})
	_paths(results) == {"/access_logs"}
	some r in results
	not r.fix
}

test_tf_enabled_missing if {
	results := _deny("terraform", "aws_lb", {"access_logs": {"bucket": "logs"}})
	some r in results
	r.path == "/access_logs/enabled"
	r.fix == [{"op": "add", "path": "/access_logs/enabled", "value": true}]
}

test_tf_disabled if {
	results := _deny("terraform", "aws_alb", {"access_logs": {"bucket": "logs", "enabled": false}})
	some r in results
	r.fix == [{"op": "replace", "path": "/access_logs/enabled", "value": true}]
}

test_tf_good if {
	count(_deny("terraform", "aws_lb", {"access_logs": {"bucket": "logs", "enabled": true}})) == 0
	count(_deny("terraform", "aws_lb", {"load_balancer_type": "network"})) == 0
	count(_deny("terraform", "aws_lb", {"load_balancer_type": "${var.type}"})) == 0
}

test_tf_classic if {
	_paths(_deny("terraform", "aws_elb", {"name": "legacy"})) == {"/access_logs"}
	count(_deny("terraform", "aws_elb", {"access_logs": {"bucket": "logs"}})) == 0
	_paths(_deny("terraform", "aws_elb", {"access_logs": {"bucket": "logs", "enabled": false}})) == {"/access_logs/enabled"}
}

test_cfn_v2 if {
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"Scheme": "internal"})) == {"/LoadBalancerAttributes"}
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": [{"Key": "access_logs.s3.enabled", "Value": "false"}]})) == {"/LoadBalancerAttributes/0/Value"}
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": [{"Key": "access_logs.s3.enabled", "Value": "true"}, {"Key": "access_logs.s3.bucket", "Value": "logs"}]})) == 0
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"Type": "network"})) == 0
}

test_cfn_classic if {
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancing::LoadBalancer", {"Listeners": []})) == {"/AccessLoggingPolicy"}
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancing::LoadBalancer", {"AccessLoggingPolicy": {"Enabled": "false", "S3BucketName": "logs"}})) == {"/AccessLoggingPolicy/Enabled"}
	count(_deny("cloudformation", "AWS::ElasticLoadBalancing::LoadBalancer", {"AccessLoggingPolicy": {"Enabled": true, "S3BucketName": "logs"}})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:lb/loadBalancer:LoadBalancer", {"internal": true})) == {"/accessLogs"}
	_paths(_deny("pulumi", "aws:alb/loadBalancer:LoadBalancer", {"accessLogs": {"bucket": "logs"}})) == {"/accessLogs/enabled"}
	count(_deny("pulumi", "aws:lb/loadBalancer:LoadBalancer", {"accessLogs": {"bucket": "logs", "enabled": true}})) == 0
	count(_deny("pulumi", "aws:elb/loadBalancer:LoadBalancer", {"accessLogs": {"bucket": "logs"}})) == 0
	_paths(_deny("pulumi", "aws:elb/loadBalancer:LoadBalancer", {"listeners": []})) == {"/accessLogs"}
}
