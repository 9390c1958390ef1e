package vigil.aws.vpc.flow_logs_test

import data.vigil.aws.vpc.flow_logs as p
import data.vigil.lib
import rego.v1

_r(address, type, source, values, refs) := {
	"address": address, "type": type, "name": address, "mode": "managed",
	"source": source, "values": values, "references": refs, "unknown": [],
}

_tf_vpc := _r("aws_vpc.main", "aws_vpc", "terraform", {"cidr_block": "10.0.0.0/16"}, {})

test_tf_no_flow_log if {
	results := p.deny with input as {"resource": _tf_vpc} with data.vigil.stack as lib.stack_of([_tf_vpc])
	count(results) == 1
	some r in results
	not r.path
}

test_tf_flow_log_by_reference if {
	fl := _r("aws_flow_log.main", "aws_flow_log", "terraform", {"vpc_id": "${aws_vpc.main.id}"}, {"/vpc_id": ["aws_vpc.main"]})
	count(p.deny) == 0 with input as {"resource": _tf_vpc} with data.vigil.stack as lib.stack_of([_tf_vpc, fl])
}

test_tf_flow_log_other_vpc if {
	other := _r("aws_vpc.other", "aws_vpc", "terraform", {}, {})
	fl := _r("aws_flow_log.other", "aws_flow_log", "terraform", {"vpc_id": "${aws_vpc.other.id}"}, {"/vpc_id": ["aws_vpc.other"]})
	count(p.deny) == 1 with input as {"resource": _tf_vpc} with data.vigil.stack as lib.stack_of([_tf_vpc, other, fl])
}

test_tf_flow_log_existing_vpc_literal if {
	fl := _r("aws_flow_log.legacy", "aws_flow_log", "terraform", {"vpc_id": "vpc-0a1b2c3d"}, {})
	count(p.deny) == 1 with input as {"resource": _tf_vpc} with data.vigil.stack as lib.stack_of([_tf_vpc, fl])
}

test_tf_flow_log_undetermined if {
	fl := _r("aws_flow_log.main", "aws_flow_log", "terraform", {"vpc_id": "${var.vpc_id}"}, {})
	count(p.deny) == 0 with input as {"resource": _tf_vpc} with data.vigil.stack as lib.stack_of([_tf_vpc, fl])
}

test_tf_subnet_flow_log_does_not_count if {
	fl := _r("aws_flow_log.subnet", "aws_flow_log", "terraform", {"subnet_id": "${aws_subnet.a.id}"}, {"/subnet_id": ["aws_subnet.a"]})
	count(p.deny) == 1 with input as {"resource": _tf_vpc} with data.vigil.stack as lib.stack_of([_tf_vpc, fl])
}

test_cfn if {
	vpc := _r("Vpc", "AWS::EC2::VPC", "cloudformation", {"CidrBlock": "10.0.0.0/16"}, {})
	count(p.deny) == 1 with input as {"resource": vpc} with data.vigil.stack as lib.stack_of([vpc])
	fl := _r("VpcFlowLog", "AWS::EC2::FlowLog", "cloudformation", {"ResourceId": "${Ref Vpc}", "ResourceType": "VPC"}, {"/ResourceId": ["Vpc"]})
	count(p.deny) == 0 with input as {"resource": vpc} with data.vigil.stack as lib.stack_of([vpc, fl])
}

test_pulumi if {
	vpc := _r("vpc", "aws:ec2/vpc:Vpc", "pulumi", {"cidrBlock": "10.0.0.0/16"}, {})
	count(p.deny) == 1 with input as {"resource": vpc} with data.vigil.stack as lib.stack_of([vpc])
	fl := _r("vpcFlowLog", "aws:ec2/flowLog:FlowLog", "pulumi", {"vpcId": "${vpc.id}"}, {"/vpcId": ["vpc"]})
	count(p.deny) == 0 with input as {"resource": vpc} with data.vigil.stack as lib.stack_of([vpc, fl])
}
