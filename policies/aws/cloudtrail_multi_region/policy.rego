# METADATA
# title: CloudTrail records API activity in all regions
# description: A trail limited to one region misses activity in every other region, which is where an attacker would create resources to stay unseen. Make the trail multi-region; a single-region trail is not reported when the same stack also has a multi-region trail.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-regional-and-global-services
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
# custom:
#   id: VGL-AWS-CLOUDTRAIL-001
#   severity: medium
#   enforcement: remediate
#   resources: [aws_cloudtrail, "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["3.1"]
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_67, AWS-0014]
package vigil.aws.cloudtrail.multi_region

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

_attribute := "is_multi_region_trail" if _tf

_attribute := "IsMultiRegionTrail" if _cfn

_attribute := "isMultiRegionTrail" if _pulumi

_global_attribute := "include_global_service_events" if _tf

_global_attribute := "IncludeGlobalServiceEvents" if _cfn

_global_attribute := "includeGlobalServiceEvents" if _pulumi

# A multi-region trail must include global service events: turn them back on too.
_global_fix := [{"op": "replace", "path": sprintf("/%s", [_global_attribute]), "value": true}] if {
	lib.is_false(input.resource.values[_global_attribute])
}

_global_fix := [] if not lib.is_false(input.resource.values[_global_attribute])

# Another trail of the stack already covers every region.
_stack_has_multi_region_trail if {
	some r in lib.stack_resources(input.resource.type)
	lib.is_true(object.get(object.get(r, "values", {}), _attribute, false))
}

deny contains result if {
	input.resource.type in {"aws_cloudtrail", "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"}
	lib.is_false(input.resource.values[_attribute])
	not _stack_has_multi_region_trail
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("CloudTrail trail has %s set to false, so it records API activity in its home region only. Set it to true so activity in every region is logged.", [_attribute]),
		"path": path,
		"fix": array.concat([{"op": "replace", "path": path, "value": true}], _global_fix),
	}
}

deny contains result if {
	input.resource.type in {"aws_cloudtrail", "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"}
	not lib.has_key(input.resource.values, _attribute)
	not _stack_has_multi_region_trail
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("CloudTrail trail does not set %s, so it records API activity in its home region only. Set it to true so activity in every region is logged.", [_attribute]),
		"path": path,
		"fix": array.concat([{"op": "add", "path": path, "value": true}], _global_fix),
	}
}
