package vigil.aws.dynamodb.cmk_test

import data.vigil.aws.dynamodb.cmk as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "table", "type": type, "name": "table", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

_paths(type, source, values) := {r.path | some r in p.deny with input as _res(type, source, values)}

test_tf if {
	_paths("aws_dynamodb_table", "terraform", {"name": "t"}) == {"/server_side_encryption"}
	_paths("aws_dynamodb_table", "terraform", {"server_side_encryption": {"enabled": false}}) == {"/server_side_encryption/enabled"}
	_paths("aws_dynamodb_table", "terraform", {"server_side_encryption": {"enabled": true}}) == {"/server_side_encryption/kms_key_arn"}
	_paths("aws_dynamodb_table", "terraform", {"server_side_encryption": {"enabled": true, "kms_key_arn": "${aws_kms_key.k.arn}"}}) == set()
}

test_cfn if {
	_paths("AWS::DynamoDB::Table", "cloudformation", {}) == {"/SSESpecification"}
	_paths("AWS::DynamoDB::Table", "cloudformation", {"SSESpecification": {"SSEEnabled": "true", "SSEType": "KMS"}}) == {"/SSESpecification/KMSMasterKeyId"}
	_paths("AWS::DynamoDB::Table", "cloudformation", {"SSESpecification": {"SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/orders"}}) == set()
}

test_pulumi if {
	_paths("aws:dynamodb/table:Table", "pulumi", {"serverSideEncryption": {"enabled": true}}) == {"/serverSideEncryption/kmsKeyArn"}
	_paths("aws:dynamodb/table:Table", "pulumi", {"serverSideEncryption": {"enabled": true, "kmsKeyArn": "${key.arn}"}}) == set()
}
