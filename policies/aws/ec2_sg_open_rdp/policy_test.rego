package vigil.aws.ec2.sg_open_rdp_test

import data.vigil.aws.ec2.sg_open_rdp as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.this", [type]),
	"type": type,
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(type, props) := {"resource": {
	"address": "RemoteDesktopSecurityGroup",
	"type": type,
	"name": "RemoteDesktopSecurityGroup",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

# --- Terraform: aws_security_group inline ingress ----------------------------------

test_tf_inline_single_block if {
	values := {"name": "admin", "ingress": {"from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	_paths(results) == {"/ingress/cidr_blocks/1"}
}

test_tf_inline_repeated_blocks if {
	values := {"name": "web", "ingress": [
		{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
		{"from_port": 3000, "to_port": 4000, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]},
	]}
	results := p.deny with input as _tf("aws_security_group", values)
	_paths(results) == {"/ingress/1/cidr_blocks/0", "/ingress/1/ipv6_cidr_blocks/0"}
}

test_tf_inline_all_protocols if {
	values := {"ingress": {"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	_paths(results) == {"/ingress/cidr_blocks/0"}
}

test_tf_inline_restricted_source if {
	values := {"ingress": {"from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["203.0.113.0/24"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 0
}

test_tf_inline_other_port if {
	values := {"ingress": {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 0
}

test_tf_inline_udp if {
	values := {"ingress": {"from_port": 0, "to_port": 65535, "protocol": "udp", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 0
}

test_tf_inline_unknown_port if {
	values := {"ingress": {"from_port": "${var.port}", "to_port": "${var.port}", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 0
}

test_tf_inline_string_ports if {
	values := {"ingress": {"from_port": "3389", "to_port": "3389", "protocol": "6", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 1
}

test_tf_egress_ignored if {
	values := {"egress": {"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 0
}

# --- Terraform: aws_security_group_rule --------------------------------------------

test_tf_rule_ingress if {
	values := {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "${aws_security_group.admin.id}"}
	results := p.deny with input as _tf("aws_security_group_rule", values)
	_paths(results) == {"/cidr_blocks/0"}
}

test_tf_rule_egress if {
	values := {"type": "egress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
	results := p.deny with input as _tf("aws_security_group_rule", values)
	count(results) == 0
}

test_tf_rule_source_security_group if {
	values := {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "source_security_group_id": "${aws_security_group.bastion.id}"}
	results := p.deny with input as _tf("aws_security_group_rule", values)
	count(results) == 0
}

# --- Terraform: aws_vpc_security_group_ingress_rule ----------------------------------

test_tf_vpc_rule_ipv4 if {
	values := {"security_group_id": "${aws_security_group.admin.id}", "cidr_ipv4": "0.0.0.0/0", "from_port": 3389, "to_port": 3389, "ip_protocol": "tcp"}
	results := p.deny with input as _tf("aws_vpc_security_group_ingress_rule", values)
	_paths(results) == {"/cidr_ipv4"}
}

test_tf_vpc_rule_ipv6_all_traffic if {
	values := {"security_group_id": "${aws_security_group.admin.id}", "cidr_ipv6": "::/0", "ip_protocol": "-1"}
	results := p.deny with input as _tf("aws_vpc_security_group_ingress_rule", values)
	_paths(results) == {"/cidr_ipv6"}
}

test_tf_vpc_rule_https if {
	values := {"cidr_ipv4": "0.0.0.0/0", "from_port": 443, "to_port": 443, "ip_protocol": "tcp"}
	results := p.deny with input as _tf("aws_vpc_security_group_ingress_rule", values)
	count(results) == 0
}

# --- CloudFormation ------------------------------------------------------------------

test_cfn_group_inline_rule if {
	props := {"GroupDescription": "admin", "SecurityGroupIngress": [
		{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"},
		{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "0.0.0.0/0"},
		{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIpv6": "::/0"},
	]}
	results := p.deny with input as _cfn("AWS::EC2::SecurityGroup", props)
	_paths(results) == {"/SecurityGroupIngress/1/CidrIp", "/SecurityGroupIngress/2/CidrIpv6"}
}

test_cfn_group_all_protocols_numeric if {
	props := {"SecurityGroupIngress": [{"IpProtocol": -1, "CidrIp": "0.0.0.0/0"}]}
	results := p.deny with input as _cfn("AWS::EC2::SecurityGroup", props)
	_paths(results) == {"/SecurityGroupIngress/0/CidrIp"}
}

test_cfn_group_string_ports_range if {
	props := {"SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": "3380", "ToPort": "3390", "CidrIp": "0.0.0.0/0"}]}
	results := p.deny with input as _cfn("AWS::EC2::SecurityGroup", props)
	count(results) == 1
}

test_cfn_group_private_source if {
	props := {"SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "10.0.0.0/16"}]}
	results := p.deny with input as _cfn("AWS::EC2::SecurityGroup", props)
	count(results) == 0
}

test_cfn_standalone_ingress if {
	props := {"GroupId": "${Ref RemoteDesktopSecurityGroup}", "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "0.0.0.0/0"}
	results := p.deny with input as _cfn("AWS::EC2::SecurityGroupIngress", props)
	_paths(results) == {"/CidrIp"}
}

test_cfn_standalone_unknown_cidr if {
	props := {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "${Ref AllowedCidr}"}
	results := p.deny with input as _cfn("AWS::EC2::SecurityGroupIngress", props)
	count(results) == 0
}

test_tf_ssh_is_not_rdp if {
	values := {"ingress": {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}}
	results := p.deny with input as _tf("aws_security_group", values)
	count(results) == 0
}

# --- Pulumi YAML ---------------------------------------------------------------------

_pulumi(type, props) := {"resource": {
	"address": "adminSg",
	"type": type,
	"name": "adminSg",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_group_inline if {
	props := {"ingress": [
		{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]},
		{"protocol": "tcp", "fromPort": 3389, "toPort": 3389, "cidrBlocks": ["10.0.0.0/8", "0.0.0.0/0"], "ipv6CidrBlocks": ["::/0"]},
	]}
	results := p.deny with input as _pulumi("aws:ec2/securityGroup:SecurityGroup", props)
	_paths(results) == {"/ingress/1/cidrBlocks/1", "/ingress/1/ipv6CidrBlocks/0"}
}

test_pulumi_group_restricted if {
	props := {"ingress": [{"protocol": "tcp", "fromPort": 3389, "toPort": 3389, "cidrBlocks": ["203.0.113.0/24"]}], "egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}]}
	results := p.deny with input as _pulumi("aws:ec2/securityGroup:SecurityGroup", props)
	count(results) == 0
}

test_pulumi_rule if {
	props := {"type": "ingress", "protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}
	results := p.deny with input as _pulumi("aws:ec2/securityGroupRule:SecurityGroupRule", props)
	_paths(results) == {"/cidrBlocks/0"}
	results2 := p.deny with input as _pulumi("aws:ec2/securityGroupRule:SecurityGroupRule", object.union(props, {"type": "egress"}))
	count(results2) == 0
}

test_pulumi_vpc_rule if {
	props := {"cidrIpv6": "::/0", "ipProtocol": "tcp", "fromPort": 3389, "toPort": 3389}
	results := p.deny with input as _pulumi("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props)
	_paths(results) == {"/cidrIpv6"}
	ok := p.deny with input as _pulumi("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {"cidrIpv4": "10.0.0.0/8", "ipProtocol": "tcp", "fromPort": 3389, "toPort": 3389})
	count(ok) == 0
}
