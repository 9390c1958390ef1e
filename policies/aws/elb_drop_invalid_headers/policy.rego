# METADATA
# title: Application Load Balancers drop invalid HTTP header fields
# description: An Application Load Balancer passes header fields whose names are not valid HTTP tokens on to its targets unless it is told to drop them; back ends that parse headers differently from the load balancer can then be tricked by request smuggling and header injection. The setting is off unless it is set (the Terraform provider's drop_invalid_header_fields, Pulumi's dropInvalidHeaderFields and the CloudFormation attribute routing.http.drop_invalid_header_fields.enabled default to false). Network and Gateway Load Balancers, which do not parse HTTP, are not reported, nor load balancers whose type is not known.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#drop_invalid_header_fields
# custom:
#   id: VGL-AWS-ELB-003
#   severity: medium
#   enforcement: advisory
#   resources: [aws_lb, aws_alb, "AWS::ElasticLoadBalancingV2::LoadBalancer", "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"]
#   controls:
#     NIST-800-53-r5: ["SI-10"]
#   aliases: [CKV_AWS_131, AWS-0052]
package vigil.aws.elb.drop_invalid_headers

import data.vigil.lib
import data.vigil.lib.settings
import rego.v1

_values := input.resource.values

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

# The type defaults to application everywhere.
_application if {
	some key in ["load_balancer_type", "loadBalancerType", "Type"]
	_values[key] == "application"
}

_application if {
	every key in ["load_balancer_type", "loadBalancerType", "Type"] {
		object.get(_values, key, null) == null
	}
}

_spec(type, path, msg, missing_msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true, "fix_safety": "unsafe",
	"msg": msg, "missing_msg": missing_msg,
}

_tf_bad := "Application Load Balancer has drop_invalid_header_fields = {value}: malformed header fields reach the targets, a door to request smuggling. Set drop_invalid_header_fields = true (clients that send such headers lose them)."

_tf_missing := "Application Load Balancer does not set drop_invalid_header_fields (the default is false): malformed header fields reach the targets, a door to request smuggling. Set drop_invalid_header_fields = true (clients that send such headers lose them)."

_pulumi_bad := "Application Load Balancer has dropInvalidHeaderFields: {value}, so malformed header fields reach the targets, a door to request smuggling. Set dropInvalidHeaderFields: true (clients that send such headers lose them)."

_pulumi_missing := "Application Load Balancer does not set dropInvalidHeaderFields (the default is false): malformed header fields reach the targets, a door to request smuggling. Set dropInvalidHeaderFields: true (clients that send such headers lose them)."

_specs := [
	_spec("aws_lb", "/drop_invalid_header_fields", _tf_bad, _tf_missing),
	_spec("aws_alb", "/drop_invalid_header_fields", _tf_bad, _tf_missing),
	_spec("aws:lb/loadBalancer:LoadBalancer", "/dropInvalidHeaderFields", _pulumi_bad, _pulumi_missing),
	_spec("aws:alb/loadBalancer:LoadBalancer", "/dropInvalidHeaderFields", _pulumi_bad, _pulumi_missing),
]

deny contains result if {
	_application
	some result in settings.check(_specs)
}

# CloudFormation: a LoadBalancerAttributes entry.
_key := "routing.http.drop_invalid_header_fields.enabled"

_cfn if input.resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer"

_cfn_entries := [e |
	some e in lib.block_entries(_values, "LoadBalancerAttributes", "")
	e.value.Key == _key
]

# An attribute list built by an intrinsic (Fn::If) cannot be read.
_cfn_attributes_readable if not lib.has_key(_values, "LoadBalancerAttributes")

_cfn_attributes_readable if is_array(_values.LoadBalancerAttributes)

deny contains result if {
	_cfn
	_application
	some e in _cfn_entries
	value := e.value.Value
	not lib.is_true(value)
	not is_null(value)
	path := sprintf("%s/Value", [e.path])
	result := {
		"msg": sprintf("Application Load Balancer sets %s to %v: malformed header fields reach the targets, a door to request smuggling. Set its Value to \"true\" (clients that send such headers lose them).", [_key, value]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "true"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_cfn
	_application
	_cfn_attributes_readable
	count(_cfn_entries) == 0
	result := {
		"msg": sprintf("Application Load Balancer does not set %s (the default is false): malformed header fields reach the targets, a door to request smuggling. Add it to LoadBalancerAttributes with Value \"true\" (clients that send such headers lose them).", [_key]),
		"path": "/LoadBalancerAttributes",
		"fix": [{"op": "add", "path": "/LoadBalancerAttributes/-", "value": {"Key": _key, "Value": "true"}}],
		"fix_safety": "unsafe",
	}
}
