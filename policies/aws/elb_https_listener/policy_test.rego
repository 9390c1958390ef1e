package vigil.aws.elb.https_listener_test

import data.vigil.aws.elb.https_listener as p
import data.vigil.lib
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

_forward := {"type": "forward", "target_group_arn": "${aws_lb_target_group.app.arn}"}

_redirect := {"type": "redirect", "redirect": {"port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"}}

test_tf_http_forward if {
	_paths(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": _forward})) == {"/protocol"}
}

_lb(type, values) := {"address": "aws_lb.main", "type": type, "name": "main", "mode": "managed", "source": "terraform", "values": values, "references": {}, "unknown": []}

_listener(values) := {"resource": {
	"address": "aws_alb_listener.http",
	"type": "aws_alb_listener",
	"name": "http",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {"/load_balancer_arn": ["aws_lb.main"]},
	"unknown": ["/load_balancer_arn"],
}}

test_tf_omitted_protocol_on_alb if {
	inp := _listener({"port": 80, "load_balancer_arn": "${aws_lb.main.arn}", "default_action": _forward})
	results := p.deny with input as inp with data.vigil.stack as lib.stack_of([_lb("aws_lb", {"internal": false})])
	_paths(results) == {"/protocol"}
}

test_tf_omitted_protocol_on_gwlb if {
	inp := _listener({"load_balancer_arn": "${aws_lb.main.arn}", "default_action": _forward})
	results := p.deny with input as inp with data.vigil.stack as lib.stack_of([_lb("aws_lb", {"load_balancer_type": "gateway"})])
	count(results) == 0
}

test_tf_omitted_protocol_unknown_lb if {
	count(_deny("terraform", "aws_alb_listener", {"port": 80, "default_action": _forward})) == 0
}

test_tf_redirect_ok if {
	count(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": _redirect})) == 0
	count(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": [_redirect]})) == 0
}

test_tf_fixed_response_ok if {
	count(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": {"type": "fixed-response", "fixed_response": {"content_type": "text/plain", "status_code": "404"}}})) == 0
}

test_tf_https_and_tcp_ok if {
	count(_deny("terraform", "aws_lb_listener", {"port": 443, "protocol": "HTTPS", "certificate_arn": "arn", "default_action": _forward})) == 0
	count(_deny("terraform", "aws_lb_listener", {"port": 443, "certificate_arn": "arn", "default_action": _forward})) == 0
	count(_deny("terraform", "aws_lb_listener", {"port": 5432, "protocol": "TCP", "default_action": _forward})) == 0
}

test_tf_unknown_actions_ok if {
	count(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": "${dynamic}"})) == 0
}

test_tf_redirect_keeping_http if {
	a := {"type": "redirect", "redirect": {"host": "example.com", "protocol": "#{protocol}", "status_code": "HTTP_302"}}
	count(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": [a, _forward]})) == 1
}

test_tf_classic if {
	_paths(_deny("terraform", "aws_elb", {"listener": {"lb_port": 80, "lb_protocol": "http", "instance_port": 8080, "instance_protocol": "http"}})) == {"/listener/lb_protocol"}
	_paths(_deny("terraform", "aws_elb", {"listener": [
		{"lb_port": 443, "lb_protocol": "https", "instance_port": 8080, "instance_protocol": "http"},
		{"lb_port": 80, "lb_protocol": "HTTP", "instance_port": 8080, "instance_protocol": "http"},
	]})) == {"/listener/1/lb_protocol"}
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::Listener", {"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": "x"}]})) == {"/Protocol"}
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::Listener", {"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]})) == 0
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::Listener", {"Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": "x"}]})) == 0
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancing::LoadBalancer", {"Listeners": [{"LoadBalancerPort": "80", "Protocol": "HTTP", "InstancePort": "80"}]})) == {"/Listeners/0/Protocol"}
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:lb/listener:Listener", {"port": 80, "protocol": "HTTP", "defaultActions": [{"type": "forward", "targetGroupArn": "x"}]})) == {"/protocol"}
	count(_deny("pulumi", "aws:lb/listener:Listener", {"port": 80, "protocol": "HTTP", "defaultActions": [{"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}]})) == 0
	_paths(_deny("pulumi", "aws:elb/loadBalancer:LoadBalancer", {"listeners": [{"lbPort": 80, "lbProtocol": "http", "instancePort": 80, "instanceProtocol": "http"}]})) == {"/listeners/0/lbProtocol"}
}
