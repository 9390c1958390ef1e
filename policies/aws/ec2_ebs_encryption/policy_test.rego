package vigil.aws.ec2.ebs_encryption_test

import data.vigil.aws.ec2.ebs_encryption as p
import rego.v1

_tf(values) := {"resource": {
	"address": "aws_ebs_volume.data",
	"type": "aws_ebs_volume",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(props) := {"resource": {
	"address": "DataVolume",
	"type": "AWS::EC2::Volume",
	"name": "DataVolume",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

# --- Terraform ------------------------------------------------------------------

test_tf_explicit_false if {
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100, "encrypted": false})
	count(results) == 1
	some r in results
	r.path == "/encrypted"
	r.fix == [{"op": "replace", "path": "/encrypted", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_missing if {
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100})
	count(results) == 1
	some r in results
	r.fix == [{"op": "add", "path": "/encrypted", "value": true}]
}

test_tf_encrypted if {
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100, "encrypted": "true"})
	count(results) == 0
}

test_tf_from_snapshot if {
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "snapshot_id": "snap-0123456789abcdef0"})
	count(results) == 0
}

test_tf_unknown_encrypted if {
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100, "encrypted": "${var.encrypted}"})
	count(results) == 0
}

test_tf_account_default_encryption if {
	default_enc := {"address": "aws_ebs_encryption_by_default.this", "type": "aws_ebs_encryption_by_default", "values": {"enabled": true}}
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100})
		with data.vigil.stack as {"by_type": {"aws_ebs_encryption_by_default": [default_enc]}}
	count(results) == 0
}

test_tf_account_default_encryption_off if {
	default_enc := {"address": "aws_ebs_encryption_by_default.this", "type": "aws_ebs_encryption_by_default", "values": {"enabled": false}}
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100})
		with data.vigil.stack as {"by_type": {"aws_ebs_encryption_by_default": [default_enc]}}
	count(results) == 1
}

test_tf_explicit_false_despite_account_default if {
	default_enc := {"address": "aws_ebs_encryption_by_default.this", "type": "aws_ebs_encryption_by_default", "values": {}}
	results := p.deny with input as _tf({"availability_zone": "eu-west-1a", "size": 100, "encrypted": false})
		with data.vigil.stack as {"by_type": {"aws_ebs_encryption_by_default": [default_enc]}}
	count(results) == 1
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_false if {
	results := p.deny with input as _cfn({"AvailabilityZone": "eu-west-1a", "Size": 100, "Encrypted": "false"})
	count(results) == 1
	some r in results
	r.path == "/Encrypted"
	r.fix[0].op == "replace"
}

test_cfn_missing if {
	results := p.deny with input as _cfn({"AvailabilityZone": "eu-west-1a", "Size": 100})
	count(results) == 1
	some r in results
	r.fix[0].op == "add"
}

test_cfn_encrypted if {
	results := p.deny with input as _cfn({"AvailabilityZone": "eu-west-1a", "Size": 100, "Encrypted": true})
	count(results) == 0
}

test_cfn_kms_key_without_flag if {
	results := p.deny with input as _cfn({"AvailabilityZone": "eu-west-1a", "Size": 100, "KmsKeyId": "${Ref DataKey}"})
	count(results) == 0
}

# --- Pulumi YAML ------------------------------------------------------------------

_pulumi(props) := {"resource": {
	"address": "dataVolume",
	"type": "aws:ebs/volume:Volume",
	"name": "dataVolume",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_explicit_false if {
	results := p.deny with input as _pulumi({"availabilityZone": "eu-west-1a", "size": 10, "encrypted": false})
	{r.path | some r in results} == {"/encrypted"}
	some r in results
	r.fix == [{"op": "replace", "path": "/encrypted", "value": true}]
}

test_pulumi_missing if {
	results := p.deny with input as _pulumi({"availabilityZone": "eu-west-1a", "size": 10})
	some r in results
	r.fix == [{"op": "add", "path": "/encrypted", "value": true}]
}

test_pulumi_good if {
	count(p.deny) == 0 with input as _pulumi({"size": 10, "encrypted": true})
	count(p.deny) == 0 with input as _pulumi({"size": 10, "snapshotId": "snap-0123"})
	count(p.deny) == 0 with input as _pulumi({"size": 10, "kmsKeyId": "${key.arn}"})
}

test_pulumi_encryption_by_default if {
	ebd := {"address": "ebsDefault", "type": "aws:ebs/encryptionByDefault:EncryptionByDefault", "values": {"enabled": true}}
	count(p.deny) == 0 with input as _pulumi({"size": 10}) with data.vigil.stack.by_type as {"aws:ebs/encryptionByDefault:EncryptionByDefault": [ebd]}
}
