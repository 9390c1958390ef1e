# METADATA
# title: EC2 instance block devices are not explicitly unencrypted
# description: A root or EBS block device created with encryption turned off keeps the instance's disk, and its snapshots, in the clear. Only an explicit encrypted = false is reported, because a device that leaves the setting out may still be encrypted by its AMI snapshot or by the account's EBS encryption by default, which the configuration cannot show.
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html
# custom:
#   id: VGL-AWS-EC2-004
#   severity: medium
#   enforcement: advisory
#   resources:
#     - aws_instance
#     - aws_launch_configuration
#     - aws_launch_template
#     - "AWS::EC2::Instance"
#     - "AWS::AutoScaling::LaunchConfiguration"
#     - "AWS::EC2::LaunchTemplate"
#     - "aws:ec2/instance:Instance"
#     - "aws:ec2/launchConfiguration:LaunchConfiguration"
#     - "aws:ec2/launchTemplate:LaunchTemplate"
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.2.1"]
#     NIST-800-53-r5: ["SC-13", "SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_8, AWS-0131, AWS-0008]
package vigil.aws.ec2.instance_block_device_encryption

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_values := input.resource.values

_instance_types := {"aws_instance", "AWS::EC2::Instance", "aws:ec2/instance:Instance"}

_msg(device) := sprintf(
	"%s has encryption turned off, so the disk and its snapshots are stored unencrypted. Set it to true (%s).",
	[device, _consequence],
)

_consequence := "this replaces the volume, and for the root device the instance" if input.resource.type in _instance_types

_consequence := "instances launched afterwards get encrypted volumes" if not input.resource.type in _instance_types

# Changing an instance's device replaces it; a launch template or configuration only
# affects instances launched later.
_fix_safety := "unsafe" if input.resource.type in _instance_types

_fix_safety := "safe" if not input.resource.type in _instance_types

# Terraform: root_block_device / ebs_block_device of aws_instance and aws_launch_configuration.
deny contains result if {
	_tf
	input.resource.type in {"aws_instance", "aws_launch_configuration"}
	some kind in ["root_block_device", "ebs_block_device"]
	some block in lib.block_entries(_values, kind, "")
	lib.is_false(block.value.encrypted)
	path := sprintf("%s/encrypted", [block.path])
	result := {
		"msg": _msg(kind),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": _fix_safety,
	}
}

# Terraform: block_device_mappings { ebs { encrypted = "false" } } of aws_launch_template.
deny contains result if {
	_tf
	input.resource.type == "aws_launch_template"
	some mapping in lib.block_entries(_values, "block_device_mappings", "")
	some ebs in lib.block_entries(mapping.value, "ebs", mapping.path)
	lib.is_false(ebs.value.encrypted)
	path := sprintf("%s/encrypted", [ebs.path])
	result := {
		"msg": _msg("Launch template block device mapping"),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "true"}],
		"fix_safety": _fix_safety,
	}
}

# CloudFormation: BlockDeviceMappings[].Ebs.Encrypted of instances and launch configurations.
deny contains result if {
	_cfn
	input.resource.type in {"AWS::EC2::Instance", "AWS::AutoScaling::LaunchConfiguration"}
	mappings := _values.BlockDeviceMappings
	is_array(mappings)
	some i, mapping in mappings
	lib.is_false(mapping.Ebs.Encrypted)
	path := sprintf("/BlockDeviceMappings/%d/Ebs/Encrypted", [i])
	result := {
		"msg": _msg(sprintf("Block device mapping %d", [i])),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": _fix_safety,
	}
}

# CloudFormation: LaunchTemplateData.BlockDeviceMappings[].Ebs.Encrypted.
deny contains result if {
	_cfn
	input.resource.type == "AWS::EC2::LaunchTemplate"
	mappings := _values.LaunchTemplateData.BlockDeviceMappings
	is_array(mappings)
	some i, mapping in mappings
	lib.is_false(mapping.Ebs.Encrypted)
	path := sprintf("/LaunchTemplateData/BlockDeviceMappings/%d/Ebs/Encrypted", [i])
	result := {
		"msg": _msg(sprintf("Launch template block device mapping %d", [i])),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": _fix_safety,
	}
}

# ---------------------------------------------------------------------------
# Pulumi YAML: rootBlockDevice / ebsBlockDevices of instances and launch
# configurations, blockDeviceMappings[].ebs of launch templates.

_pulumi if input.resource.source == "pulumi"

deny contains result if {
	_pulumi
	input.resource.type in {"aws:ec2/instance:Instance", "aws:ec2/launchConfiguration:LaunchConfiguration"}
	some kind in ["rootBlockDevice", "ebsBlockDevices", "ebsBlockDevice"]
	some block in lib.block_entries(_values, kind, "")
	lib.is_false(block.value.encrypted)
	path := sprintf("%s/encrypted", [block.path])
	result := {
		"msg": _msg(kind),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": _fix_safety,
	}
}

deny contains result if {
	_pulumi
	input.resource.type == "aws:ec2/launchTemplate:LaunchTemplate"
	some mapping in lib.block_entries(_values, "blockDeviceMappings", "")
	some ebs in lib.block_entries(mapping.value, "ebs", mapping.path)
	lib.is_false(ebs.value.encrypted)
	path := sprintf("%s/encrypted", [ebs.path])
	result := {
		"msg": _msg("Launch template block device mapping"),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "true"}],
		"fix_safety": _fix_safety,
	}
}
