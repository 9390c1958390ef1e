package vigil.aws.ec2.sg_open_any_port_test

import data.vigil.aws.ec2.sg_open_any_port as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "sg", "type": type, "name": "sg", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

_paths(results) := {r.path | some r in results}

_rule(proto, from, to) := {"protocol": proto, "from_port": from, "to_port": to, "cidr_blocks": ["0.0.0.0/0"]}

test_tf_inline if {
	values := {"ingress": [
		_rule("tcp", 443, 443),
		_rule("tcp", 80, 80),
		_rule("tcp", 5432, 5432),
		{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"], "ipv6_cidr_blocks": ["::/0"]},
		_rule("tcp", 1024, 65535),
		_rule("udp", 443, 443),
		_rule("udp", 53, 53),
	]}
	_paths(p.deny) == {"/ingress/2/cidr_blocks/0", "/ingress/3/ipv6_cidr_blocks/0", "/ingress/4/cidr_blocks/0", "/ingress/6/cidr_blocks/0"} with input as _in("aws_security_group", "terraform", values)
}

test_tf_left_to_ssh_and_rdp if {
	count(p.deny) == 0 with input as _in("aws_security_group", "terraform", {"ingress": [_rule("tcp", 22, 22), _rule("tcp", 3389, 3389)]})
	# A range that includes 22 is reported here as well.
	_paths(p.deny) == {"/ingress/cidr_blocks/0"} with input as _in("aws_security_group", "terraform", {"ingress": _rule("tcp", 0, 1024)})
}

test_tf_not_reported if {
	count(p.deny) == 0 with input as _in("aws_security_group", "terraform", {"ingress": _rule("icmp", -1, -1)})
	count(p.deny) == 0 with input as _in("aws_security_group", "terraform", {"ingress": _rule("tcp", "${var.port}", "${var.port}")})
	count(p.deny) == 0 with input as _in("aws_security_group", "terraform", {"egress": _rule("-1", 0, 0)})
	count(p.deny) == 0 with input as _in("aws_security_group", "terraform", {"ingress": {"protocol": "tcp", "from_port": 3306, "to_port": 3306, "cidr_blocks": ["10.0.0.0/16"]}})
}

test_tf_rules if {
	_paths(p.deny) == {"/cidr_blocks/0"} with input as _in("aws_security_group_rule", "terraform", object.union(_rule("tcp", 6379, 6379), {"type": "ingress"}))
	count(p.deny) == 0 with input as _in("aws_security_group_rule", "terraform", object.union(_rule("tcp", 6379, 6379), {"type": "egress"}))
	_paths(p.deny) == {"/cidr_ipv4"} with input as _in("aws_vpc_security_group_ingress_rule", "terraform", {"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "-1"})
	count(p.deny) == 0 with input as _in("aws_vpc_security_group_ingress_rule", "terraform", {"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 443, "to_port": 443})
}

test_cfn if {
	props := {"SecurityGroupIngress": [
		{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"},
		{"IpProtocol": "tcp", "FromPort": "3306", "ToPort": "3306", "CidrIp": "0.0.0.0/0"},
		{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"},
	]}
	_paths(p.deny) == {"/SecurityGroupIngress/1/CidrIp"} with input as _in("AWS::EC2::SecurityGroup", "cloudformation", props)
	_paths(p.deny) == {"/CidrIpv6"} with input as _in("AWS::EC2::SecurityGroupIngress", "cloudformation", {"IpProtocol": -1, "CidrIpv6": "::/0"})
}

test_pulumi if {
	props := {"ingress": [{"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "cidrBlocks": ["0.0.0.0/0"]}, {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}]}
	_paths(p.deny) == {"/ingress/0/cidrBlocks/0"} with input as _in("aws:ec2/securityGroup:SecurityGroup", "pulumi", props)
	_paths(p.deny) == {"/cidrBlocks/0"} with input as _in("aws:ec2/securityGroupRule:SecurityGroupRule", "pulumi", {"type": "ingress", "protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]})
	_paths(p.deny) == {"/cidrIpv6"} with input as _in("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "pulumi", {"cidrIpv6": "::/0", "ipProtocol": "tcp", "fromPort": 9200, "toPort": 9200})
}
