package vigil.aws.rds.cmk_encryption_test

import data.vigil.aws.rds.cmk_encryption as p
import rego.v1

_in(source, type, values) := {"resource": {
	"address": "db.main",
	"type": type,
	"name": "main",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

_deny(source, type, values) := results if {
	results := p.deny with input as _in(source, type, values)
}

_paths(results) := {r.path | some r in results}

test_tf_instance_no_key if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres", "storage_encrypted": true})
	_paths(results) == {"/kms_key_id"}
	some r in results
	not r.fix
}

test_tf_instance_with_key if {
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "storage_encrypted": true, "kms_key_id": "${aws_kms_key.db.arn}"})) == 0
}

test_tf_instance_unencrypted_not_ours if {
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "storage_encrypted": false})) == 0
}

test_tf_inheriting_skipped if {
	count(_deny("terraform", "aws_db_instance", {"replicate_source_db": "orders", "storage_encrypted": true})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "aurora-mysql", "storage_encrypted": true})) == 0
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "storage_encrypted": true, "snapshot_identifier": "s"})) == 0
}

test_tf_cluster if {
	_paths(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "storage_encrypted": "true"})) == {"/kms_key_id"}
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "storage_encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234"})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "mysql", "StorageEncrypted": "true"})) == {"/KmsKeyId"}
	_paths(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "StorageEncrypted": true})) == {"/KmsKeyId"}
	count(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "StorageEncrypted": true, "KmsKeyId": "alias/db"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-mysql", "DBClusterIdentifier": "c", "StorageEncrypted": true})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:rds/instance:Instance", {"engine": "mysql", "storageEncrypted": true})) == {"/kmsKeyId"}
	_paths(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-mysql", "storageEncrypted": true})) == {"/kmsKeyId"}
	count(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-mysql", "storageEncrypted": true, "kmsKeyId": "${key.arn}"})) == 0
}
