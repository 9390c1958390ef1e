package vigil.aws.ec2.instance_block_device_encryption_test

import data.vigil.aws.ec2.instance_block_device_encryption as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.app", [type]),
	"type": type,
	"name": "app",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(type, props) := {"resource": {
	"address": "AppInstance",
	"type": type,
	"name": "AppInstance",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

# --- Terraform ------------------------------------------------------------------

test_tf_root_false if {
	values := {"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro", "root_block_device": {"volume_size": 20, "encrypted": false}}
	results := p.deny with input as _tf("aws_instance", values)
	_paths(results) == {"/root_block_device/encrypted"}
	some r in results
	r.fix == [{"op": "replace", "path": "/root_block_device/encrypted", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_ebs_devices if {
	values := {"ami": "ami-0123456789abcdef0", "ebs_block_device": [
		{"device_name": "/dev/sdf", "encrypted": true},
		{"device_name": "/dev/sdg", "encrypted": "false"},
	]}
	results := p.deny with input as _tf("aws_instance", values)
	_paths(results) == {"/ebs_block_device/1/encrypted"}
}

test_tf_missing_not_reported if {
	# the AMI or account-level default encryption may encrypt it
	values := {"ami": "ami-0123456789abcdef0", "root_block_device": {"volume_size": 20}}
	results := p.deny with input as _tf("aws_instance", values)
	count(results) == 0
}

test_tf_encrypted if {
	values := {"ami": "ami-0123456789abcdef0", "root_block_device": {"encrypted": true}, "ebs_block_device": {"device_name": "/dev/sdf", "encrypted": true}}
	results := p.deny with input as _tf("aws_instance", values)
	count(results) == 0
}

test_tf_unknown if {
	values := {"ami": "ami-0123456789abcdef0", "root_block_device": {"encrypted": "${var.encrypt}"}}
	results := p.deny with input as _tf("aws_instance", values)
	count(results) == 0
}

test_tf_launch_configuration if {
	values := {"image_id": "ami-0123456789abcdef0", "root_block_device": {"encrypted": false}}
	results := p.deny with input as _tf("aws_launch_configuration", values)
	_paths(results) == {"/root_block_device/encrypted"}
}

test_tf_launch_template if {
	values := {"image_id": "ami-0123456789abcdef0", "block_device_mappings": [
		{"device_name": "/dev/xvda", "ebs": {"volume_size": 20, "encrypted": "true"}},
		{"device_name": "/dev/xvdb", "ebs": {"volume_size": 100, "encrypted": "false"}},
	]}
	results := p.deny with input as _tf("aws_launch_template", values)
	_paths(results) == {"/block_device_mappings/1/ebs/encrypted"}
	some r in results
	r.fix == [{"op": "replace", "path": "/block_device_mappings/1/ebs/encrypted", "value": "true"}]
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_instance if {
	props := {"ImageId": "ami-0123456789abcdef0", "BlockDeviceMappings": [
		{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "Encrypted": true}},
		{"DeviceName": "/dev/xvdb", "Ebs": {"VolumeSize": 100, "Encrypted": false}},
		{"DeviceName": "/dev/xvdc", "VirtualName": "ephemeral0"},
	]}
	results := p.deny with input as _cfn("AWS::EC2::Instance", props)
	_paths(results) == {"/BlockDeviceMappings/1/Ebs/Encrypted"}
}

test_cfn_instance_missing_not_reported if {
	props := {"ImageId": "ami-0123456789abcdef0", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20}}]}
	results := p.deny with input as _cfn("AWS::EC2::Instance", props)
	count(results) == 0
}

test_cfn_launch_configuration_string_false if {
	props := {"ImageId": "ami-0123456789abcdef0", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": "false"}}]}
	results := p.deny with input as _cfn("AWS::AutoScaling::LaunchConfiguration", props)
	_paths(results) == {"/BlockDeviceMappings/0/Ebs/Encrypted"}
}

test_cfn_launch_template if {
	props := {"LaunchTemplateData": {"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": false}}]}}
	results := p.deny with input as _cfn("AWS::EC2::LaunchTemplate", props)
	_paths(results) == {"/LaunchTemplateData/BlockDeviceMappings/0/Ebs/Encrypted"}
}

# --- Pulumi YAML ------------------------------------------------------------------

_pulumi(type, props) := {"resource": {
	"address": "app",
	"type": type,
	"name": "app",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_instance if {
	props := {"ami": "ami-1", "rootBlockDevice": {"encrypted": false}, "ebsBlockDevices": [{"deviceName": "/dev/sdf", "encrypted": true}, {"deviceName": "/dev/sdg", "encrypted": false}]}
	results := p.deny with input as _pulumi("aws:ec2/instance:Instance", props)
	{r.path | some r in results} == {"/rootBlockDevice/encrypted", "/ebsBlockDevices/1/encrypted"}
	every r in results { r.fix_safety == "unsafe" }
}

test_pulumi_launch_template if {
	props := {"blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": 50, "encrypted": "false"}}]}
	results := p.deny with input as _pulumi("aws:ec2/launchTemplate:LaunchTemplate", props)
	some r in results
	r.path == "/blockDeviceMappings/0/ebs/encrypted"
	r.fix == [{"op": "replace", "path": "/blockDeviceMappings/0/ebs/encrypted", "value": "true"}]
}

test_pulumi_good if {
	count(p.deny) == 0 with input as _pulumi("aws:ec2/instance:Instance", {"rootBlockDevice": {"volumeSize": 30}})
	count(p.deny) == 0 with input as _pulumi("aws:ec2/launchTemplate:LaunchTemplate", {"blockDeviceMappings": [{"ebs": {"encrypted": "true"}}]})
}
