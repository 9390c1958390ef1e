package vigil.aws.elb.tls_policy_test

import data.vigil.aws.elb.tls_policy as p
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

test_tf_outdated if {
	results := _deny("terraform", "aws_lb_listener", {"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"})
	_paths(results) == {"/ssl_policy"}
	some r in results
	r.fix == [{"op": "replace", "path": "/ssl_policy", "value": "ELBSecurityPolicy-TLS13-1-2-2021-06"}]
	r.fix_safety == "unsafe"
}

test_tf_outdated_names if {
	every name in [
		"ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06",
		"ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06",
		"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
	] {
		count(_deny("terraform", "aws_lb_listener", {"protocol": "TLS", "ssl_policy": name})) == 1
	}
}

test_tf_modern_names if {
	every name in [
		"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06",
		"ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
		"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "${var.ssl_policy}",
	] {
		count(_deny("terraform", "aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": name})) == 0
	}
}

test_tf_missing if {
	results := _deny("terraform", "aws_alb_listener", {"port": 443, "protocol": "HTTPS", "certificate_arn": "arn"})
	some r in results
	r.path == "/ssl_policy"
	r.fix == [{"op": "add", "path": "/ssl_policy", "value": "ELBSecurityPolicy-TLS13-1-2-2021-06"}]
}

test_tf_http_ignored if {
	count(_deny("terraform", "aws_lb_listener", {"port": 80, "protocol": "HTTP"})) == 0
	count(_deny("terraform", "aws_lb_listener", {"port": 80})) == 0
	count(_deny("terraform", "aws_lb_listener", {"port": 5432, "protocol": "TCP"})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::Listener", {"Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-2016-08"})) == {"/SslPolicy"}
	_paths(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::Listener", {"Protocol": "TLS"})) == {"/SslPolicy"}
	count(_deny("cloudformation", "AWS::ElasticLoadBalancingV2::Listener", {"Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:lb/listener:Listener", {"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS-1-1-2017-01"})) == {"/sslPolicy"}
	_paths(_deny("pulumi", "aws:alb/listener:Listener", {"protocol": "HTTPS"})) == {"/sslPolicy"}
	count(_deny("pulumi", "aws:lb/listener:Listener", {"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"})) == 0
}
