package vigil.aws.vpc.default_sg_restricts_all_test

import data.vigil.aws.vpc.default_sg_restricts_all as p
import data.vigil.lib
import rego.v1

_r(address, type, source, values, refs) := {
	"address": address, "type": type, "name": address, "mode": "managed",
	"source": source, "values": values, "references": refs, "unknown": [],
}

test_tf_default_sg_rules if {
	sg := _r("aws_default_security_group.default", "aws_default_security_group", "terraform", {
		"vpc_id": "${aws_vpc.main.id}",
		"ingress": {"protocol": -1, "self": true, "from_port": 0, "to_port": 0},
		"egress": [{"protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}, {"protocol": "tcp"}],
	}, {"/vpc_id": ["aws_vpc.main"]})
	results := p.deny with input as {"resource": sg}
	{r.path | some r in results} == {"/ingress", "/egress/0", "/egress/1"}
}

test_tf_default_sg_empty if {
	sg := _r("aws_default_security_group.default", "aws_default_security_group", "terraform", {"vpc_id": "${aws_vpc.main.id}"}, {"/vpc_id": ["aws_vpc.main"]})
	count(p.deny) == 0 with input as {"resource": sg}
	sg2 := _r("aws_default_security_group.default", "aws_default_security_group", "terraform", {"ingress": [], "egress": []}, {})
	count(p.deny) == 0 with input as {"resource": sg2}
}

test_tf_rule_on_vpc_default if {
	rule := _r("aws_security_group_rule.https", "aws_security_group_rule", "terraform", {"type": "ingress"}, {"/security_group_id": ["aws_vpc.main"]})
	results := p.deny with input as {"resource": rule}
	some r in results
	not r.path
	rule2 := _r("aws_vpc_security_group_ingress_rule.https", "aws_vpc_security_group_ingress_rule", "terraform", {}, {"/security_group_id": ["aws_default_security_group.default"]})
	count(p.deny) == 1 with input as {"resource": rule2}
}

test_tf_rule_on_own_sg if {
	rule := _r("aws_security_group_rule.https", "aws_security_group_rule", "terraform", {"type": "ingress"}, {"/security_group_id": ["aws_security_group.web"], "/source_security_group_id": ["aws_vpc_endpoint.x"]})
	count(p.deny) == 0 with input as {"resource": rule}
}

test_cfn if {
	vpc := _r("Vpc", "AWS::EC2::VPC", "cloudformation", {}, {})
	ingress := _r("Ingress", "AWS::EC2::SecurityGroupIngress", "cloudformation", {"IpProtocol": "tcp"}, {"/GroupId": ["Vpc"]})
	results := p.deny with input as {"resource": ingress} with data.vigil.stack as lib.stack_of([vpc, ingress])
	some r in results
	not r.path
	sg := _r("WebSg", "AWS::EC2::SecurityGroup", "cloudformation", {}, {})
	own := _r("Ingress", "AWS::EC2::SecurityGroupIngress", "cloudformation", {"IpProtocol": "tcp"}, {"/GroupId": ["WebSg"]})
	count(p.deny) == 0 with input as {"resource": own} with data.vigil.stack as lib.stack_of([sg, own])
}

test_pulumi if {
	sg := _r("defaultSg", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "pulumi", {"ingress": [{"protocol": "-1", "self": true}]}, {})
	results := p.deny with input as {"resource": sg}
	some r in results
	r.path == "/ingress/0"
	vpc := _r("vpc", "aws:ec2/vpc:Vpc", "pulumi", {}, {})
	rule := _r("rule", "aws:ec2/securityGroupRule:SecurityGroupRule", "pulumi", {"type": "ingress"}, {"/securityGroupId": ["vpc"]})
	count(p.deny) == 1 with input as {"resource": rule} with data.vigil.stack as lib.stack_of([vpc, rule])
}
