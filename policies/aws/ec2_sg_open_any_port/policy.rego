# METADATA
# title: Security groups admit the whole internet only to web ports
# description: A rule that admits 0.0.0.0/0 or ::/0 makes whatever listens on its ports reachable from anywhere, so databases, caches, admin consoles and debugging ports face constant scanning and exploitation. Only web traffic (TCP 80 and 443, UDP 443 for HTTP/3) usually has to be open to everyone; anything else, all traffic and wide port ranges included, should be limited to known address ranges or reached through a load balancer, VPN or Session Manager. Single-port SSH (22) and RDP (3389) rules are left to VGL-AWS-EC2-001 and VGL-AWS-EC2-002 so that they are reported once; ranges and all-traffic rules that include those ports are reported by those policies and by this one. ICMP and protocols other than TCP and UDP are not checked; egress rules neither.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: VGL-AWS-EC2-005
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
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.4.2"]
#   aliases: [AWS-0107]
package vigil.aws.ec2.sg_open_any_port

import data.vigil.lib
import rego.v1

_values := input.resource.values

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
# What a rule opens. Unknown or non-numeric values never match.

_all_protocols(p) if p == -1

_all_protocols(p) if {
	is_string(p)
	lower(p) in {"-1", "all"}
}

_protocol_name(p) := "TCP" if p == 6

_protocol_name(p) := "TCP" if {
	is_string(p)
	lower(p) in {"tcp", "6"}
}

_protocol_name(p) := "UDP" if p == 17

_protocol_name(p) := "UDP" if {
	is_string(p)
	lower(p) in {"udp", "17"}
}

_num(x) := x if is_number(x)

_num(x) := to_number(x) if {
	is_string(x)
	regex.match(`^-?[0-9]+$`, x)
}

# Single ports that may face the internet, and those other policies report.
_allowed := {"TCP": {80, 443}, "UDP": {443}}

_elsewhere := {"TCP": {22, 3389}, "UDP": set()}

# The description of what rule r opens to everyone, when this policy reports it.
_opens(r, _, _, pkey) := "all traffic" if _all_protocols(r[pkey])

_opens(r, fkey, tkey, pkey) := sprintf("%s ports %v-%v", [proto, from, to]) if {
	proto := _protocol_name(r[pkey])
	from := _num(r[fkey])
	to := _num(r[tkey])
	from != to
}

_opens(r, fkey, tkey, pkey) := sprintf("%s port %v", [proto, port]) if {
	proto := _protocol_name(r[pkey])
	port := _num(r[fkey])
	_num(r[tkey]) == port
	not port in _allowed[proto]
	not port in _elsewhere[proto]
}

_msg(cidr, what) := sprintf(
	"Security group rule admits %s from %s, so whatever listens there is reachable from the whole internet. Restrict the source to known address ranges, or expose the service through a load balancer on ports 80/443.",
	[what, cidr],
)

# Offending entries of the list attributes keys of rule r at prefix.
_open_entries(r, prefix, keys) := [{"path": sprintf("%s/%s/%d", [prefix, key, i]), "cidr": cidr} |
	some key in keys
	cidrs := object.get(r, key, [])
	is_array(cidrs)
	some i, cidr in cidrs
	cidr == _anywhere[key]
]

# ---------------------------------------------------------------------------
# Rules per format: the rule objects with their pointer, and their key names.

_tf_lists := ["cidr_blocks", "ipv6_cidr_blocks"]

_pulumi_lists := ["cidrBlocks", "ipv6CidrBlocks"]

# Inline ingress blocks of a security group, and standalone rules with CIDR lists.
_list_rules contains {"rule": b.value, "path": b.path, "keys": _tf_lists, "ports": ["from_port", "to_port", "protocol"]} if {
	input.resource.source == "terraform"
	input.resource.type in {"aws_security_group", "aws_default_security_group"}
	some b in lib.block_entries(_values, "ingress", "")
}

_list_rules contains {"rule": _values, "path": "", "keys": _tf_lists, "ports": ["from_port", "to_port", "protocol"]} if {
	input.resource.source == "terraform"
	input.resource.type == "aws_security_group_rule"
	_values.type == "ingress"
}

_list_rules contains {"rule": b.value, "path": b.path, "keys": _pulumi_lists, "ports": ["fromPort", "toPort", "protocol"]} if {
	input.resource.source == "pulumi"
	input.resource.type in {"aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"}
	some b in lib.block_entries(_values, "ingress", "")
}

_list_rules contains {"rule": _values, "path": "", "keys": _pulumi_lists, "ports": ["fromPort", "toPort", "protocol"]} if {
	input.resource.source == "pulumi"
	input.resource.type == "aws:ec2/securityGroupRule:SecurityGroupRule"
	_values.type == "ingress"
}

deny contains result if {
	some x in _list_rules
	what := _opens(x.rule, x.ports[0], x.ports[1], x.ports[2])
	some entry in _open_entries(x.rule, x.path, x.keys)
	result := {"msg": _msg(entry.cidr, what), "path": entry.path}
}

# Rules with one CIDR per key.
_single_rules contains {"rule": _values, "path": "", "keys": ["cidr_ipv4", "cidr_ipv6"], "ports": ["from_port", "to_port", "ip_protocol"]} if {
	input.resource.source == "terraform"
	input.resource.type == "aws_vpc_security_group_ingress_rule"
}

_single_rules contains {"rule": _values, "path": "", "keys": ["cidrIpv4", "cidrIpv6"], "ports": ["fromPort", "toPort", "ipProtocol"]} if {
	input.resource.source == "pulumi"
	input.resource.type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
}

_single_rules contains {"rule": _values, "path": "", "keys": ["CidrIp", "CidrIpv6"], "ports": ["FromPort", "ToPort", "IpProtocol"]} if {
	input.resource.source == "cloudformation"
	input.resource.type == "AWS::EC2::SecurityGroupIngress"
}

_single_rules contains {"rule": r, "path": sprintf("/SecurityGroupIngress/%d", [i]), "keys": ["CidrIp", "CidrIpv6"], "ports": ["FromPort", "ToPort", "IpProtocol"]} if {
	input.resource.source == "cloudformation"
	input.resource.type == "AWS::EC2::SecurityGroup"
	is_array(_values.SecurityGroupIngress)
	some i, r in _values.SecurityGroupIngress
}

deny contains result if {
	some x in _single_rules
	what := _opens(x.rule, x.ports[0], x.ports[1], x.ports[2])
	some key in x.keys
	x.rule[key] == _anywhere[key]
	result := {"msg": _msg(x.rule[key], what), "path": sprintf("%s/%s", [x.path, key])}
}
