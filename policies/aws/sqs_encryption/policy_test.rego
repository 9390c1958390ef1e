package vigil.aws.sqs.encryption_test

import data.vigil.aws.sqs.encryption as p
import rego.v1

_tf(values) := {"resource": {
	"address": "aws_sqs_queue.this",
	"type": "aws_sqs_queue",
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(props) := {"resource": {
	"address": "OrdersQueue",
	"type": "AWS::SQS::Queue",
	"name": "OrdersQueue",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

# --- Terraform -----------------------------------------------------------------

test_tf_sse_disabled if {
	results := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": false})
	count(results) == 1
	some r in results
	r.path == "/sqs_managed_sse_enabled"
	r.fix == [{"op": "replace", "path": "/sqs_managed_sse_enabled", "value": true}]
	not r.fix_safety
}

test_tf_sse_disabled_string if {
	results := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": "false"})
	count(results) == 1
}

test_tf_sse_disabled_empty_key if {
	results := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": false, "kms_master_key_id": ""})
	count(results) == 1
}

test_tf_default_is_encrypted if {
	results := p.deny with input as _tf({"name": "orders"})
	count(results) == 0
}

test_tf_sse_enabled if {
	results := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": true})
	count(results) == 0
}

test_tf_kms_key if {
	results := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": false, "kms_master_key_id": "alias/aws/sqs"})
	count(results) == 0
}

test_tf_unknown_values if {
	r1 := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": false, "kms_master_key_id": "${aws_kms_key.sqs.arn}"})
	count(r1) == 0
	r2 := p.deny with input as _tf({"name": "orders", "sqs_managed_sse_enabled": "${var.sse}"})
	count(r2) == 0
}

test_tf_cfn_keys_ignored if {
	results := p.deny with input as _tf({"SqsManagedSseEnabled": false})
	count(results) == 0
}

# --- CloudFormation ------------------------------------------------------------

test_cfn_sse_disabled if {
	results := p.deny with input as _cfn({"QueueName": "orders", "SqsManagedSseEnabled": false})
	count(results) == 1
	some r in results
	r.path == "/SqsManagedSseEnabled"
	r.fix == [{"op": "replace", "path": "/SqsManagedSseEnabled", "value": true}]
}

test_cfn_sse_disabled_string if {
	results := p.deny with input as _cfn({"SqsManagedSseEnabled": "false"})
	count(results) == 1
}

test_cfn_default_is_encrypted if {
	results := p.deny with input as _cfn({"QueueName": "orders"})
	count(results) == 0
}

test_cfn_kms_key if {
	results := p.deny with input as _cfn({"SqsManagedSseEnabled": false, "KmsMasterKeyId": "${Ref QueueKey}"})
	count(results) == 0
}

_pulumi(props) := {"resource": {
	"address": "ordersQueue",
	"type": "aws:sqs/queue:Queue",
	"name": "ordersQueue",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_sse_off if {
	results := p.deny with input as _pulumi({"name": "orders", "sqsManagedSseEnabled": false})
	some r in results
	r.path == "/sqsManagedSseEnabled"
	r.fix == [{"op": "replace", "path": "/sqsManagedSseEnabled", "value": true}]
}

test_pulumi_good if {
	count(p.deny) == 0 with input as _pulumi({"name": "orders"})
	count(p.deny) == 0 with input as _pulumi({"sqsManagedSseEnabled": false, "kmsMasterKeyId": "alias/aws/sqs"})
	count(p.deny) == 0 with input as _pulumi({"sqsManagedSseEnabled": true})
}
