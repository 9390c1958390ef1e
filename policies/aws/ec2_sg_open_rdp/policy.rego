# METADATA
# title: Security groups do not open RDP to the whole internet
# description: A rule that admits 0.0.0.0/0 or ::/0 on TCP port 3389 exposes Windows Remote Desktop to constant scanning, password spraying and RDP exploits. Limit the source to known address ranges, or reach instances through Systems Manager Fleet Manager, a VPN or a bastion instead.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules-reference.html
#   - https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager.html
# custom:
#   id: VGL-AWS-EC2-002
#   severity: high
#   enforcement: mandatory
#   resources:
#     - aws_security_group
#     - aws_default_security_group
#     - aws_security_group_rule
#     - aws_vpc_security_group_ingress_rule
#     - "AWS::EC2::SecurityGroup"
#     - "AWS::EC2::SecurityGroupIngress"
#     - "aws:ec2/securityGroup:SecurityGroup"
#     - "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
#     - "aws:ec2/securityGroupRule:SecurityGroupRule"
#     - "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
#   controls:
#     CIS-AWS-Foundations-3.0: ["5.2", "5.3"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.4.2"]
#   aliases: [CKV_AWS_25]
package vigil.aws.ec2.sg_open_rdp

import data.vigil.lib
import rego.v1

_port := 3389

_service := "RDP"

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_values := input.resource.values

# The CIDR that means "anywhere", per list attribute / property.
_anywhere := {
	"cidr_blocks": "0.0.0.0/0",
	"ipv6_cidr_blocks": "::/0",
	"cidr_ipv4": "0.0.0.0/0",
	"cidr_ipv6": "::/0",
	"CidrIp": "0.0.0.0/0",
	"CidrIpv6": "::/0",
	"cidrBlocks": "0.0.0.0/0",
	"ipv6CidrBlocks": "::/0",
	"cidrIpv4": "0.0.0.0/0",
	"cidrIpv6": "::/0",
}

# ---------------------------------------------------------------------------
# Does a rule reach the port? Protocol "-1"/"all" covers every port; "tcp"/"6" covers
# the range from_port..to_port. Unknown or non-numeric values never match.

_all_protocols(p) if p == -1

_all_protocols(p) if {
	is_string(p)
	lower(p) in {"-1", "all"}
}

_tcp(p) if p == 6

_tcp(p) if {
	is_string(p)
	lower(p) in {"tcp", "6"}
}

_num(x) := x if is_number(x)

_num(x) := to_number(x) if {
	is_string(x)
	regex.match(`^-?[0-9]+$`, x)
}

_reaches(rule, _, _, pkey) if _all_protocols(rule[pkey])

_reaches(rule, fkey, tkey, pkey) if {
	_tcp(rule[pkey])
	_num(rule[fkey]) <= _port
	_num(rule[tkey]) >= _port
}

_describe(rule, _, _, pkey) := "all traffic" if _all_protocols(rule[pkey])

_describe(rule, fkey, tkey, pkey) := sprintf("TCP %v-%v", [_num(rule[fkey]), _num(rule[tkey])]) if {
	_tcp(rule[pkey])
	_num(rule[fkey]) != _num(rule[tkey])
}

_describe(rule, fkey, tkey, pkey) := sprintf("TCP %v", [_num(rule[fkey])]) if {
	_tcp(rule[pkey])
	_num(rule[fkey]) == _num(rule[tkey])
}

_msg(cidr, what) := sprintf(
	"Security group rule allows %s from %s, which exposes %s (port %d) to the whole internet. Restrict the source to known address ranges, or use Fleet Manager, a VPN or a bastion.",
	[what, cidr, _service, _port],
)

# Offending entries of a list attribute (cidr_blocks, ipv6_cidr_blocks) of a rule at prefix.
_open_list_entries(rule, prefix) := _open_entries(rule, prefix, ["cidr_blocks", "ipv6_cidr_blocks"])

_open_entries(rule, prefix, keys) := [{"path": sprintf("%s/%s/%d", [prefix, key, i]), "cidr": cidr} |
	some key in keys
	cidrs := object.get(rule, key, [])
	is_array(cidrs)
	some i, cidr in cidrs
	cidr == _anywhere[key]
]

# ---------------------------------------------------------------------------
# Terraform: inline ingress blocks of aws_security_group / aws_default_security_group.

deny contains result if {
	_tf
	input.resource.type in {"aws_security_group", "aws_default_security_group"}
	some block in lib.block_entries(_values, "ingress", "")
	_reaches(block.value, "from_port", "to_port", "protocol")
	some entry in _open_list_entries(block.value, block.path)
	result := {
		"msg": _msg(entry.cidr, _describe(block.value, "from_port", "to_port", "protocol")),
		"path": entry.path,
	}
}

# Terraform: aws_security_group_rule of type ingress.
deny contains result if {
	_tf
	input.resource.type == "aws_security_group_rule"
	_values.type == "ingress"
	_reaches(_values, "from_port", "to_port", "protocol")
	some entry in _open_list_entries(_values, "")
	result := {
		"msg": _msg(entry.cidr, _describe(_values, "from_port", "to_port", "protocol")),
		"path": entry.path,
	}
}

# Terraform: aws_vpc_security_group_ingress_rule (one CIDR per rule).
deny contains result if {
	_tf
	input.resource.type == "aws_vpc_security_group_ingress_rule"
	_reaches(_values, "from_port", "to_port", "ip_protocol")
	some key in ["cidr_ipv4", "cidr_ipv6"]
	_values[key] == _anywhere[key]
	result := {
		"msg": _msg(_values[key], _describe(_values, "from_port", "to_port", "ip_protocol")),
		"path": sprintf("/%s", [key]),
	}
}

# ---------------------------------------------------------------------------
# CloudFormation: SecurityGroupIngress of AWS::EC2::SecurityGroup.

deny contains result if {
	_cfn
	input.resource.type == "AWS::EC2::SecurityGroup"
	rules := _values.SecurityGroupIngress
	is_array(rules)
	some i, rule in rules
	_reaches(rule, "FromPort", "ToPort", "IpProtocol")
	some key in ["CidrIp", "CidrIpv6"]
	rule[key] == _anywhere[key]
	result := {
		"msg": _msg(rule[key], _describe(rule, "FromPort", "ToPort", "IpProtocol")),
		"path": sprintf("/SecurityGroupIngress/%d/%s", [i, key]),
	}
}

# CloudFormation: standalone AWS::EC2::SecurityGroupIngress.
deny contains result if {
	_cfn
	input.resource.type == "AWS::EC2::SecurityGroupIngress"
	_reaches(_values, "FromPort", "ToPort", "IpProtocol")
	some key in ["CidrIp", "CidrIpv6"]
	_values[key] == _anywhere[key]
	result := {
		"msg": _msg(_values[key], _describe(_values, "FromPort", "ToPort", "IpProtocol")),
		"path": sprintf("/%s", [key]),
	}
}

# ---------------------------------------------------------------------------
# Pulumi YAML (AWS provider, bridged from Terraform: the same arguments in lowerCamelCase).

_pulumi if input.resource.source == "pulumi"

# Inline ingress rules of a security group (a list, or one object).
deny contains result if {
	_pulumi
	input.resource.type in {"aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"}
	some block in lib.block_entries(_values, "ingress", "")
	_reaches(block.value, "fromPort", "toPort", "protocol")
	some entry in _open_entries(block.value, block.path, ["cidrBlocks", "ipv6CidrBlocks"])
	result := {
		"msg": _msg(entry.cidr, _describe(block.value, "fromPort", "toPort", "protocol")),
		"path": entry.path,
	}
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:ec2/securityGroupRule:SecurityGroupRule"
	_values.type == "ingress"
	_reaches(_values, "fromPort", "toPort", "protocol")
	some entry in _open_entries(_values, "", ["cidrBlocks", "ipv6CidrBlocks"])
	result := {
		"msg": _msg(entry.cidr, _describe(_values, "fromPort", "toPort", "protocol")),
		"path": entry.path,
	}
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	_reaches(_values, "fromPort", "toPort", "ipProtocol")
	some key in ["cidrIpv4", "cidrIpv6"]
	_values[key] == _anywhere[key]
	result := {
		"msg": _msg(_values[key], _describe(_values, "fromPort", "toPort", "ipProtocol")),
		"path": sprintf("/%s", [key]),
	}
}
