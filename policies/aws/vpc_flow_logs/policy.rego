# METADATA
# title: VPCs record their traffic in flow logs
# description: VPC flow logs record the accepted and rejected connections of every network interface in the VPC. Without them, port scans, connections to unexpected destinations and data leaving the network leave no trace, and an incident cannot be reconstructed. A VPC has no flow log unless one is created for it (aws_flow_log with vpc_id, AWS::EC2::FlowLog with ResourceType VPC, aws:ec2:FlowLog). This flags a VPC when no flow log of the same stack refers to it; a flow log whose VPC cannot be told (an unknown id not written as a reference) is taken to be for it. Flow logs created in another stack or by an organization-wide tool are not seen, so suppress the finding there.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/flow_log
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-flowlog.html
# custom:
#   id: VGL-AWS-VPC-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_vpc, "AWS::EC2::VPC", "aws:ec2/vpc:Vpc"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["3.7"]
#     NIST-800-53-r5: ["AU-12", "SI-4"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV2_AWS_11, AWS-0178]
package vigil.aws.vpc.flow_logs

import data.vigil.lib
import data.vigil.lib.input_referrers
import rego.v1

_flow_log_types := {"aws_flow_log", "AWS::EC2::FlowLog", "aws:ec2/flowLog:FlowLog"}

_pointers := {"/vpc_id", "/ResourceId", "/vpcId"}

# A flow log of the stack refers to this VPC.
_referred if {
	some ref in input_referrers
	ref.type in _flow_log_types
	ref.pointer in _pointers
}

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

# Flow logs whose VPC cannot be told: a value that is not known and not written as a
# reference (in Terraform: not a reference to an aws_vpc). Computed once per stack.
_tf_undetermined if {
	some r in lib.stack_resources("aws_flow_log")
	v := object.get(r.values, "vpc_id", null)
	v != null
	not _known_string(v)
	not _tf_refers_to_vpc(r)
}

_tf_refers_to_vpc(r) if {
	some ref in object.get(object.get(r, "references", {}), "/vpc_id", [])
	regex.match(`(^|\.)aws_vpc\.[^.\[]+(\[[^\]]*\])?$`, ref)
}

_cfn_undetermined if {
	some r in lib.stack_resources("AWS::EC2::FlowLog")
	object.get(r.values, "ResourceType", "VPC") == "VPC"
	v := object.get(r.values, "ResourceId", null)
	not _known_string(v)
	count(object.get(object.get(r, "references", {}), "/ResourceId", [])) == 0
}

_pulumi_undetermined if {
	some r in lib.stack_resources("aws:ec2/flowLog:FlowLog")
	v := object.get(r.values, "vpcId", null)
	v != null
	not _known_string(v)
	count(object.get(object.get(r, "references", {}), "/vpcId", [])) == 0
}

_hint := "Add an aws_flow_log resource with vpc_id = aws_vpc.<name>.id" if input.resource.type == "aws_vpc"

_hint := "Add an AWS::EC2::FlowLog with ResourceType: VPC and ResourceId: !Ref <Vpc>" if input.resource.type == "AWS::EC2::VPC"

_hint := "Add an aws:ec2:FlowLog resource with vpcId: ${<vpc>.id}" if input.resource.type == "aws:ec2/vpc:Vpc"

_undetermined if {
	input.resource.source == "terraform"
	_tf_undetermined
}

_undetermined if {
	input.resource.source == "cloudformation"
	_cfn_undetermined
}

_undetermined if {
	input.resource.source == "pulumi"
	_pulumi_undetermined
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_hint
	not _referred
	not _undetermined
	result := {"msg": sprintf("VPC has no flow log, so connections to and from its network interfaces leave no record for detecting or investigating an intrusion. %s (logging to CloudWatch Logs or S3).", [_hint])}
}
