# METADATA
# title: Load balancer TLS listeners refuse TLS 1.0 and 1.1
# description: The security policy of an HTTPS or TLS listener decides which protocol versions and ciphers clients may negotiate. Policies that still accept TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, the TLS-1-0/TLS-1-1 and FS-1-1 policies, TLS13-1-0 and TLS13-1-1) allow downgrades to protocols with known weaknesses that PCI DSS and NIST no longer accept. A listener that names no policy gets ELBSecurityPolicy-2016-08 when it is created through the API, Terraform, CloudFormation or Pulumi (only the console picks a TLS 1.2+ policy), so an omitted ssl_policy is reported. Policy names this check does not know (custom or newer ones) are not reported; Classic Load Balancers, whose policies are separate resources, are not checked.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener#ssl_policy
# custom:
#   id: VGL-AWS-ELB-002
#   severity: high
#   enforcement: advisory
#   resources: [aws_lb_listener, aws_alb_listener, "AWS::ElasticLoadBalancingV2::Listener", "aws:lb/listener:Listener", "aws:alb/listener:Listener"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AWS_103, AWS-0047]
package vigil.aws.elb.tls_policy

import rego.v1

_values := input.resource.values

_recommended := "ELBSecurityPolicy-TLS13-1-2-2021-06"

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_names := {
	"aws_lb_listener": {"protocol": "protocol", "policy": "ssl_policy", "syntax": "ssl_policy = \"%s\""},
	"aws_alb_listener": {"protocol": "protocol", "policy": "ssl_policy", "syntax": "ssl_policy = \"%s\""},
	"AWS::ElasticLoadBalancingV2::Listener": {"protocol": "Protocol", "policy": "SslPolicy", "syntax": "SslPolicy: %s"},
	"aws:lb/listener:Listener": {"protocol": "protocol", "policy": "sslPolicy", "syntax": "sslPolicy: %s"},
	"aws:alb/listener:Listener": {"protocol": "protocol", "policy": "sslPolicy", "syntax": "sslPolicy: %s"},
}

# The predefined policies that accept TLS 1.0 or TLS 1.1.
_outdated(policy) if regex.match(`^ELBSecurityPolicy-(20[0-9]{2}-[0-9]{2}|TLS-1-[01]-.*|FS-2018-06|FS-1-1-.*|TLS13-1-[01]-.*)$`, policy)

_tls_listener(names) if {
	_known_string(_values[names.protocol])
	upper(_values[names.protocol]) in {"HTTPS", "TLS"}
}

deny contains result if {
	names := _names[input.resource.type]
	_tls_listener(names)
	policy := _values[names.policy]
	_known_string(policy)
	_outdated(policy)
	path := sprintf("/%s", [names.policy])
	result := {
		"msg": sprintf("Listener uses the security policy %s, which still accepts TLS 1.0 or 1.1. Use a TLS 1.2+ policy: %s (clients that only speak TLS 1.0/1.1 can no longer connect).", [policy, sprintf(names.syntax, [_recommended])]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _recommended}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	names := _names[input.resource.type]
	_tls_listener(names)
	object.get(_values, names.policy, null) == null
	path := sprintf("/%s", [names.policy])
	result := {
		"msg": sprintf("Listener does not set %s, so it gets ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 and 1.1. Use a TLS 1.2+ policy: %s (clients that only speak TLS 1.0/1.1 can no longer connect).", [names.policy, sprintf(names.syntax, [_recommended])]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": _recommended}],
		"fix_safety": "unsafe",
	}
}
