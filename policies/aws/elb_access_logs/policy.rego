# METADATA
# title: Load balancers write access logs
# description: Access logs record every request a load balancer receives (client address, path, status, TLS version, target), which is what you need to investigate an attack or an outage. They are off unless turned on. Application Load Balancers (aws_lb's access_logs.enabled defaults to false even when a bucket is named; CloudFormation's access_logs.s3.enabled attribute defaults to false) and Classic Load Balancers (no access_logs block or AccessLoggingPolicy means no logs) are reported; Network and Gateway Load Balancers, and load balancers whose type is not known, are not.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#access_logs
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elb#access_logs
# custom:
#   id: VGL-AWS-ELB-004
#   severity: low
#   enforcement: advisory
#   resources: [aws_lb, aws_alb, aws_elb, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer", "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", "aws:elb/loadBalancer:LoadBalancer"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_91, CKV_AWS_92]
package vigil.aws.elb.access_logs

import data.vigil.lib
import rego.v1

_values := input.resource.values

_application if {
	some key in ["load_balancer_type", "loadBalancerType", "Type"]
	_values[key] == "application"
}

_application if {
	every key in ["load_balancer_type", "loadBalancerType", "Type"] {
		object.get(_values, key, null) == null
	}
}

# ---------------------------------------------------------------------------
# Terraform and Pulumi: an access_logs block. `enabled` defaults to false on
# Application Load Balancers and to true on Classic ones.

_block := {
	"aws_lb": {"block": "access_logs", "enabled_default": false, "v2": true},
	"aws_alb": {"block": "access_logs", "enabled_default": false, "v2": true},
	"aws_elb": {"block": "access_logs", "enabled_default": true, "v2": false},
	"aws:lb/loadBalancer:LoadBalancer": {"block": "accessLogs", "enabled_default": false, "v2": true},
	"aws:alb/loadBalancer:LoadBalancer": {"block": "accessLogs", "enabled_default": false, "v2": true},
	"aws:elb/loadBalancer:LoadBalancer": {"block": "accessLogs", "enabled_default": true, "v2": false},
}

_applies(spec) if not spec.v2

_applies(spec) if {
	spec.v2
	_application
}

_hint := "access_logs { bucket = \"<bucket>\" enabled = true }" if input.resource.source == "terraform"

_hint := "accessLogs: {bucket: <bucket>, enabled: true}" if input.resource.source == "pulumi"

deny contains result if {
	spec := _block[input.resource.type]
	_applies(spec)
	object.get(_values, spec.block, null) == null
	result := {
		"msg": sprintf("Load balancer writes no access logs, so requests cannot be traced after an incident. Add %s, with a bucket policy that lets Elastic Load Balancing write to it.", [_hint]),
		"path": sprintf("/%s", [spec.block]),
	}
}

deny contains result if {
	spec := _block[input.resource.type]
	_applies(spec)
	some entry in lib.block_entries(_values, spec.block, "")
	lib.is_false(entry.value.enabled)
	path := sprintf("%s/enabled", [entry.path])
	result := {
		"msg": "Load balancer has its access logs turned off (enabled is false), so requests cannot be traced after an incident. Set enabled to true.",
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
	}
}

deny contains result if {
	spec := _block[input.resource.type]
	_applies(spec)
	spec.enabled_default == false
	some entry in lib.block_entries(_values, spec.block, "")
	object.get(entry.value, "enabled", null) == null
	path := sprintf("%s/enabled", [entry.path])
	result := {
		"msg": "Load balancer names an access log bucket but does not set enabled, which defaults to false: no logs are written. Set enabled to true.",
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
	}
}

# ---------------------------------------------------------------------------
# CloudFormation, Application Load Balancers: the access_logs.s3.enabled attribute.

_key := "access_logs.s3.enabled"

_cfn_v2 if input.resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer"

_cfn_entries := [e |
	some e in lib.block_entries(_values, "LoadBalancerAttributes", "")
	e.value.Key == _key
]

_cfn_attributes_readable if not lib.has_key(_values, "LoadBalancerAttributes")

_cfn_attributes_readable if is_array(_values.LoadBalancerAttributes)

deny contains result if {
	_cfn_v2
	_application
	some e in _cfn_entries
	lib.is_false(e.value.Value)
	path := sprintf("%s/Value", [e.path])
	result := {
		"msg": "Load balancer sets access_logs.s3.enabled to false, so requests cannot be traced after an incident. Set its Value to \"true\" (with access_logs.s3.bucket).",
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "true"}],
	}
}

deny contains result if {
	_cfn_v2
	_application
	_cfn_attributes_readable
	count(_cfn_entries) == 0
	result := {
		"msg": "Load balancer writes no access logs (access_logs.s3.enabled defaults to false), so requests cannot be traced after an incident. Add the LoadBalancerAttributes access_logs.s3.enabled = \"true\" and access_logs.s3.bucket.",
		"path": "/LoadBalancerAttributes",
	}
}

# CloudFormation, Classic Load Balancers: AccessLoggingPolicy.
_cfn_classic if input.resource.type == "AWS::ElasticLoadBalancing::LoadBalancer"

deny contains result if {
	_cfn_classic
	object.get(_values, "AccessLoggingPolicy", null) == null
	result := {
		"msg": "Classic Load Balancer has no AccessLoggingPolicy, so requests cannot be traced after an incident. Add AccessLoggingPolicy with Enabled: true and an S3BucketName.",
		"path": "/AccessLoggingPolicy",
	}
}

deny contains result if {
	_cfn_classic
	lib.is_false(_values.AccessLoggingPolicy.Enabled)
	result := {
		"msg": "Classic Load Balancer has AccessLoggingPolicy.Enabled: false, so requests cannot be traced after an incident. Set Enabled: true.",
		"path": "/AccessLoggingPolicy/Enabled",
		"fix": [{"op": "replace", "path": "/AccessLoggingPolicy/Enabled", "value": true}],
	}
}
