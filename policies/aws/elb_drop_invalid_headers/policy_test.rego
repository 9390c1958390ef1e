package vigil.aws.elb.drop_invalid_headers_test

import data.vigil.aws.elb.drop_invalid_headers as p
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
	results := _deny("terraform", "aws_lb", {"name": "web", "internal": false})
	_paths(results) == {"/drop_invalid_header_fields"}
	some r in results
	r.fix == [{"op": "add", "path": "/drop_invalid_header_fields", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	_paths(_deny("terraform", "aws_alb", {"load_balancer_type": "application", "drop_invalid_header_fields": false})) == {"/drop_invalid_header_fields"}
}

test_tf_good if {
	count(_deny("terraform", "aws_lb", {"drop_invalid_header_fields": true})) == 0
	count(_deny("terraform", "aws_lb", {"load_balancer_type": "network"})) == 0
	count(_deny("terraform", "aws_lb", {"load_balancer_type": "gateway"})) == 0
	count(_deny("terraform", "aws_lb", {"load_balancer_type": "${var.type}"})) == 0
}

test_cfn_missing if {
	results := _deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"Scheme": "internet-facing"})
	_paths(results) == {"/LoadBalancerAttributes"}
	some r in results
	r.fix == [{"op": "add", "path": "/LoadBalancerAttributes/-", "value": {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}}]
}

test_cfn_other_attributes if {
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "60"}]})) == {"/LoadBalancerAttributes"}
}

test_cfn_false if {
	results := _deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": [
		{"Key": "idle_timeout.timeout_seconds", "Value": "60"},
		{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "false"},
	]})
	_paths(results) == {"/LoadBalancerAttributes/1/Value"}
	some r in results
	r.fix == [{"op": "replace", "path": "/LoadBalancerAttributes/1/Value", "value": "true"}]
}

test_cfn_good if {
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": [{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}]})) == 0
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"Type": "network"})) == 0
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": {"Fn::If": ["Prod", [], []]}})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:lb/loadBalancer:LoadBalancer", {"internal": false})) == {"/dropInvalidHeaderFields"}
	_paths(_deny("pulumi", "aws:alb/loadBalancer:LoadBalancer", {"dropInvalidHeaderFields": false})) == {"/dropInvalidHeaderFields"}
	count(_deny("pulumi", "aws:lb/loadBalancer:LoadBalancer", {"dropInvalidHeaderFields": true})) == 0
	count(_deny("pulumi", "aws:lb/loadBalancer:LoadBalancer", {"loadBalancerType": "network"})) == 0
}
