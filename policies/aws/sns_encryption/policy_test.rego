package vigil.aws.sns.encryption_test

import data.vigil.aws.sns.encryption as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "orders", "type": type, "name": "orders", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	p.deny == {{
		"msg": "SNS topic has no kms_master_key_id, so its messages are stored unencrypted at rest (SNS does not encrypt by default). Set kms_master_key_id to a KMS key (\"alias/aws/sns\", or a customer managed key that publishing AWS services may use).",
		"path": "/kms_master_key_id",
		"fix": [{"op": "add", "path": "/kms_master_key_id", "value": "alias/aws/sns"}],
		"fix_safety": "unsafe",
	}} with input as _in("aws_sns_topic", "terraform", {"name": "orders"})
}

test_tf_null_and_empty if {
	some r in p.deny with input as _in("aws_sns_topic", "terraform", {"name": "orders", "kms_master_key_id": null})
	r.path == "/kms_master_key_id"
	some e in p.deny with input as _in("aws_sns_topic", "terraform", {"kms_master_key_id": ""})
	e.fix == [{"op": "replace", "path": "/kms_master_key_id", "value": "alias/aws/sns"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_sns_topic", "terraform", {"kms_master_key_id": "alias/aws/sns"})
	count(p.deny) == 0 with input as _in("aws_sns_topic", "terraform", {"kms_master_key_id": "${aws_kms_key.sns.arn}"})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/KmsMasterKeyId"} with input as _in("AWS::SNS::Topic", "cloudformation", {"TopicName": "orders"})
	count(p.deny) == 0 with input as _in("AWS::SNS::Topic", "cloudformation", {"KmsMasterKeyId": "alias/aws/sns"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/kmsMasterKeyId"} with input as _in("aws:sns/topic:Topic", "pulumi", {"name": "orders"})
	count(p.deny) == 0 with input as _in("aws:sns/topic:Topic", "pulumi", {"kmsMasterKeyId": "${key.id}"})
}
