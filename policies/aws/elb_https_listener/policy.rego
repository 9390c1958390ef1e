# METADATA
# title: Load balancer listeners do not serve plain HTTP
# description: A load balancer listener on HTTP carries requests, cookies and credentials unencrypted between clients and AWS, where anyone on the path can read or change them. An HTTP listener should only redirect to HTTPS. Reported are Application Load Balancer listeners whose protocol is HTTP (also when omitted, the default for Application Load Balancers) and that forward requests instead of redirecting them to HTTPS, and Classic Load Balancer listeners on HTTP. Listeners that only return a fixed response are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener#protocol
# custom:
#   id: VGL-AWS-ELB-001
#   severity: high
#   enforcement: advisory
#   resources: [aws_lb_listener, aws_alb_listener, aws_elb, "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancing::LoadBalancer", "aws:lb/listener:Listener", "aws:alb/listener:Listener", "aws:elb/loadBalancer:LoadBalancer"]
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AWS_2, CKV2_AWS_20, AWS-0054]
package vigil.aws.elb.https_listener

import data.vigil.lib
import rego.v1

_values := input.resource.values

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_upper(x) := upper(x) if _known_string(x)

# ---------------------------------------------------------------------------
# Application Load Balancer listeners: the attribute names per format.

_v2 := {
	"aws_lb_listener": {"protocol": "protocol", "actions": "default_action", "type": "type", "redirect": "redirect", "redirect_protocol": "protocol"},
	"aws_alb_listener": {"protocol": "protocol", "actions": "default_action", "type": "type", "redirect": "redirect", "redirect_protocol": "protocol"},
	"AWS::ElasticLoadBalancingV2::Listener": {"protocol": "Protocol", "actions": "DefaultActions", "type": "Type", "redirect": "RedirectConfig", "redirect_protocol": "Protocol"},
	"aws:lb/listener:Listener": {"protocol": "protocol", "actions": "defaultActions", "type": "type", "redirect": "redirect", "redirect_protocol": "protocol"},
	"aws:alb/listener:Listener": {"protocol": "protocol", "actions": "defaultActions", "type": "type", "redirect": "redirect", "redirect_protocol": "protocol"},
}

_names := _v2[input.resource.type]

# HTTP, written or (Terraform and Pulumi, where the argument is optional) omitted.
_http if _upper(_values[_names.protocol]) == "HTTP"

_http if {
	input.resource.source != "cloudformation"
	object.get(_values, _names.protocol, null) == null
	# An HTTPS listener without `protocol` would still name its certificate.
	not _has_certificate
	_on_application_lb
}

# Without a protocol the listener is HTTP only on an Application Load Balancer
# (Gateway Load Balancer listeners have none): the load balancer it refers to must be
# in the stack and be one.
_lb_pointer := "/load_balancer_arn" if input.resource.source == "terraform"

_lb_pointer := "/loadBalancerArn" if input.resource.source == "pulumi"

_lb_types := [
	["aws_lb", "load_balancer_type"],
	["aws_alb", "load_balancer_type"],
	["aws:lb/loadBalancer:LoadBalancer", "loadBalancerType"],
	["aws:alb/loadBalancer:LoadBalancer", "loadBalancerType"],
]

_on_application_lb if {
	some address in object.get(object.get(input.resource, "references", {}), _lb_pointer, [])
	some t in _lb_types
	lb := _lb_at(t[0], address)
	object.get(lb.values, t[1], "application") == "application"
}

_lb_at("aws_lb", address) := lib.stack_resource_at("aws_lb", address)

_lb_at("aws_alb", address) := lib.stack_resource_at("aws_alb", address)

_lb_at("aws:lb/loadBalancer:LoadBalancer", address) := lib.stack_resource_at("aws:lb/loadBalancer:LoadBalancer", address)

_lb_at("aws:alb/loadBalancer:LoadBalancer", address) := lib.stack_resource_at("aws:alb/loadBalancer:LoadBalancer", address)

_has_certificate if {
	some key in ["certificate_arn", "certificateArn", "ssl_policy", "sslPolicy"]
	object.get(_values, key, null) != null
}

_actions := lib.as_array(_values[_names.actions])

_action_type(a) := lower(a[_names.type]) if _known_string(a[_names.type])

_redirects_to_https(a) if {
	_action_type(a) == "redirect"
	some r in lib.as_array(a[_names.redirect])
	_upper(r[_names.redirect_protocol]) == "HTTPS"
}

_redirects if {
	some a in _actions
	_redirects_to_https(a)
}

_forwards if {
	some a in _actions
	_action_type(a) == "forward"
}

_hint := "default_action { type = \"redirect\" redirect { protocol = \"HTTPS\" port = \"443\" status_code = \"HTTP_301\" } }" if input.resource.source == "terraform"

_hint := "a DefaultActions entry with Type: redirect and RedirectConfig {Protocol: HTTPS, Port: \"443\", StatusCode: HTTP_301}" if input.resource.source == "cloudformation"

_hint := "a defaultActions entry with type: redirect and redirect {protocol: HTTPS, port: \"443\", statusCode: HTTP_301}" if input.resource.source == "pulumi"

deny contains result if {
	_names
	_http
	_forwards
	not _redirects
	result := {
		"msg": sprintf("Load balancer listener serves plain HTTP: requests, cookies and credentials cross the network unencrypted. Serve HTTPS with a certificate, and make the HTTP listener only redirect: %s.", [_hint]),
		"path": sprintf("/%s", [_names.protocol]),
	}
}

# ---------------------------------------------------------------------------
# Classic Load Balancers.

_classic := {
	"aws_elb": {"listeners": "listener", "protocol": "lb_protocol", "hint": "lb_protocol = \"https\" with an ssl_certificate_id"},
	"AWS::ElasticLoadBalancing::LoadBalancer": {"listeners": "Listeners", "protocol": "Protocol", "hint": "Protocol: HTTPS with an SSLCertificateId"},
	"aws:elb/loadBalancer:LoadBalancer": {"listeners": "listeners", "protocol": "lbProtocol", "hint": "lbProtocol: https with an sslCertificateId"},
}

deny contains result if {
	names := _classic[input.resource.type]
	some entry in lib.block_entries(_values, names.listeners, "")
	_upper(entry.value[names.protocol]) == "HTTP"
	result := {
		"msg": sprintf("Classic Load Balancer listener serves plain HTTP: requests, cookies and credentials cross the network unencrypted. Serve %s.", [names.hint]),
		"path": sprintf("%s/%s", [entry.path, names.protocol]),
	}
}
