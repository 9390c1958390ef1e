package vigil.aws.kms.key_rotation_test

import data.vigil.aws.kms.key_rotation as p
import rego.v1

_tf(values) := {"resource": {
	"address": "aws_kms_key.data",
	"type": "aws_kms_key",
	"name": "data",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(props) := {"resource": {
	"address": "DataKey",
	"type": "AWS::KMS::Key",
	"name": "DataKey",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

# --- Terraform ------------------------------------------------------------------

test_tf_missing if {
	results := p.deny with input as _tf({"description": "data"})
	count(results) == 1
	some r in results
	r.path == "/enable_key_rotation"
	r.fix == [{"op": "add", "path": "/enable_key_rotation", "value": true}]
}

test_tf_false if {
	results := p.deny with input as _tf({"description": "data", "enable_key_rotation": false})
	count(results) == 1
	some r in results
	r.fix == [{"op": "replace", "path": "/enable_key_rotation", "value": true}]
}

test_tf_true if {
	results := p.deny with input as _tf({"description": "data", "enable_key_rotation": true, "rotation_period_in_days": 180})
	count(results) == 0
}

test_tf_explicit_symmetric if {
	results := p.deny with input as _tf({"customer_master_key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"})
	count(results) == 1
}

test_tf_asymmetric if {
	results := p.deny with input as _tf({"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"})
	count(results) == 0
}

test_tf_hmac if {
	results := p.deny with input as _tf({"customer_master_key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"})
	count(results) == 0
}

test_tf_unknown_spec if {
	results := p.deny with input as _tf({"customer_master_key_spec": "${var.key_spec}"})
	count(results) == 0
}

test_tf_custom_key_store if {
	results := p.deny with input as _tf({"custom_key_store_id": "cks-1234567890abcdef0"})
	count(results) == 0
}

test_tf_unknown_flag if {
	results := p.deny with input as _tf({"enable_key_rotation": "${var.rotate}"})
	count(results) == 0
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_missing if {
	results := p.deny with input as _cfn({"Description": "data"})
	{r.path | some r in results} == {"/EnableKeyRotation"}
}

test_cfn_false_string if {
	results := p.deny with input as _cfn({"EnableKeyRotation": "false"})
	count(results) == 1
}

test_cfn_true if {
	results := p.deny with input as _cfn({"EnableKeyRotation": true})
	count(results) == 0
}

test_cfn_asymmetric if {
	results := p.deny with input as _cfn({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"})
	count(results) == 0
}

test_cfn_imported_material if {
	results := p.deny with input as _cfn({"Origin": "EXTERNAL"})
	count(results) == 0
}

# --- Pulumi ---------------------------------------------------------------------

_pulumi(values) := {"resource": {
	"address": "dataKey",
	"type": "aws:kms/key:Key",
	"name": "dataKey",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

test_pulumi_missing if {
	results := p.deny with input as _pulumi({"description": "data"})
	count(results) == 1
	some r in results
	r.path == "/enableKeyRotation"
	r.fix == [{"op": "add", "path": "/enableKeyRotation", "value": true}]
}

test_pulumi_false if {
	results := p.deny with input as _pulumi({"enableKeyRotation": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/enableKeyRotation", "value": true}]
}

test_pulumi_true if {
	count(p.deny) == 0 with input as _pulumi({"enableKeyRotation": true})
}

test_pulumi_asymmetric if {
	count(p.deny) == 0 with input as _pulumi({"customerMasterKeySpec": "RSA_2048", "keyUsage": "SIGN_VERIFY"})
	count(p.deny) == 0 with input as _pulumi({"customKeyStoreId": "cks-1234"})
}
