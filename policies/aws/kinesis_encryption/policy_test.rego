package vigil.aws.kinesis.encryption_test

import data.vigil.aws.kinesis.encryption as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "events", "type": type, "name": "events", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_kinesis_stream", "terraform", {"name": "events", "shard_count": 1})
	count(results) == 1
	some r in results
	r.path == "/encryption_type"
	r.fix == [{"op": "add", "path": "/encryption_type", "value": "KMS"}, {"op": "add", "path": "/kms_key_id", "value": "alias/aws/kinesis"}]
}

test_tf_none_with_key if {
	results := p.deny with input as _in("aws_kinesis_stream", "terraform", {"encryption_type": "NONE", "kms_key_id": "${aws_kms_key.k.arn}"})
	some r in results
	r.fix == [{"op": "replace", "path": "/encryption_type", "value": "KMS"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_kinesis_stream", "terraform", {"encryption_type": "KMS", "kms_key_id": "alias/aws/kinesis"})
	count(p.deny) == 0 with input as _in("aws_kinesis_stream", "terraform", {"encryption_type": "${var.encryption_type}"})
}

test_cfn if {
	results := p.deny with input as _in("AWS::Kinesis::Stream", "cloudformation", {"ShardCount": 1})
	some r in results
	r.path == "/StreamEncryption"
	r.fix == [{"op": "add", "path": "/StreamEncryption", "value": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}]
	count(p.deny) == 0 with input as _in("AWS::Kinesis::Stream", "cloudformation", {"StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/encryptionType"} with input as _in("aws:kinesis/stream:Stream", "pulumi", {"shardCount": 1})
	{r.path | some r in p.deny} == {"/encryptionType"} with input as _in("aws:kinesis/stream:Stream", "pulumi", {"encryptionType": "NONE"})
	count(p.deny) == 0 with input as _in("aws:kinesis/stream:Stream", "pulumi", {"encryptionType": "KMS", "kmsKeyId": "alias/aws/kinesis"})
}
