# METADATA
# title: Default security groups allow no traffic
# description: Every VPC has a default security group that instances, endpoints and other network interfaces join when no group is named for them. Any rule it has (AWS creates it with one allowing all traffic between its members and one allowing all outbound traffic) then applies to resources nobody meant it for, so traffic is allowed by accident rather than by design. Keep the default group empty and give each workload a security group of its own. Terraform's aws_default_security_group removes all the group's rules when it adopts the group, so one without ingress or egress blocks passes; this flags its ingress and egress blocks, and security group rules (aws_security_group_rule, aws_vpc_security_group_ingress_rule and egress_rule, AWS::EC2::SecurityGroupIngress and Egress, and their Pulumi counterparts) that add rules to a default security group (one referred to through aws_default_security_group or a VPC's default security group id).
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroupingress.html
# custom:
#   id: VGL-AWS-VPC-002
#   severity: medium
#   enforcement: advisory
#   resources: [aws_default_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule, aws_vpc_security_group_egress_rule, "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["5.4"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.3.2"]
#   aliases: [CKV2_AWS_12]
package vigil.aws.vpc.default_sg_restricts_all

import data.vigil.lib
import rego.v1

_values := input.resource.values

_refs(pointer) := object.get(object.get(input.resource, "references", {}), pointer, [])

# ---------------------------------------------------------------------------
# The default security group's own rules (Terraform and Pulumi).

_default_sg := {"aws_default_security_group", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"}

deny contains result if {
	input.resource.source in {"terraform", "pulumi"}
	input.resource.type in _default_sg
	some direction in ["ingress", "egress"]
	some block in lib.block_entries(_values, direction, "")
	is_object(block.value)
	result := {
		"msg": sprintf("The VPC's default security group has an %s rule, which applies to every resource placed in the group without a security group of its own. Remove the rule (leave the default group empty) and give each workload its own security group.", [direction]),
		"path": block.path,
	}
}

# ---------------------------------------------------------------------------
# Separate rules added to a default security group. A security group id that refers
# to a VPC can only be the VPC's default security group id. The finding sits on the
# rule's header: the id itself is known only after apply (a result on an unknown value
# is dropped).

_tf_rule_types := {"aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"}

_tf_default_ref if {
	some ref in _refs("/security_group_id")
	regex.match(`(^|\.)(aws_vpc|aws_default_security_group)\.[^.]+$`, ref)
}

deny contains result if {
	input.resource.source == "terraform"
	input.resource.type in _tf_rule_types
	_tf_default_ref
	result := _rule_result("security_group_id = aws_security_group.<name>.id")
}

_cfn_default_ref if {
	some ref in _refs("/GroupId")
	lib.stack_resource_at("AWS::EC2::VPC", ref)
}

deny contains result if {
	input.resource.source == "cloudformation"
	input.resource.type in {"AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"}
	_cfn_default_ref
	result := _rule_result("GroupId: !Ref <SecurityGroup>")
}

_pulumi_rule_types := {
	"aws:ec2/securityGroupRule:SecurityGroupRule",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
}

_pulumi_default_ref if {
	some ref in _refs("/securityGroupId")
	lib.stack_resource_at("aws:ec2/vpc:Vpc", ref)
}

_pulumi_default_ref if {
	some ref in _refs("/securityGroupId")
	lib.stack_resource_at("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", ref)
}

deny contains result if {
	input.resource.source == "pulumi"
	input.resource.type in _pulumi_rule_types
	_pulumi_default_ref
	result := _rule_result("securityGroupId: ${<securityGroup>.id}")
}

_rule_result(hint) := {
	"msg": sprintf("This rule adds traffic to the VPC's default security group, which applies to every resource placed in the group without a security group of its own. Attach the rule to a security group made for the workload instead (%s) and leave the default group empty.", [hint]),
}
