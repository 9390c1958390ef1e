package vigil.aws.rds.backup_retention_test

import data.vigil.aws.rds.backup_retention as p
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

test_tf_instance_zero if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres", "backup_retention_period": 0})
	_paths(results) == {"/backup_retention_period"}
	some r in results
	r.fix == [{"op": "replace", "path": "/backup_retention_period", "value": 7}]
	r.fix_safety == "unsafe"
}

test_tf_instance_short if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres", "backup_retention_period": 3})
	some r in results
	r.path == "/backup_retention_period"
	r.fix == [{"op": "replace", "path": "/backup_retention_period", "value": 7}]
	not r.fix_safety
}

test_tf_instance_missing if {
	results := _deny("terraform", "aws_db_instance", {"engine": "mysql"})
	some r in results
	r.fix == [{"op": "add", "path": "/backup_retention_period", "value": 7}]
}

test_tf_instance_good if {
	count(_deny("terraform", "aws_db_instance", {"engine": "mysql", "backup_retention_period": 7})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "mysql", "backup_retention_period": 35})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "mysql", "backup_retention_period": "${var.days}"})) == 0
}

test_tf_replica_and_member_skipped if {
	count(_deny("terraform", "aws_db_instance", {"replicate_source_db": "orders", "backup_retention_period": 0})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "aurora-mysql"})) == 0
}

test_tf_snapshot_restore_missing_skipped if {
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "snapshot_identifier": "nightly"})) == 0
	_paths(_deny("terraform", "aws_db_instance", {"engine": "postgres", "snapshot_identifier": "nightly", "backup_retention_period": 1})) == {"/backup_retention_period"}
}

test_tf_cluster if {
	_paths(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql"})) == {"/backup_retention_period"}
	_paths(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "backup_retention_period": 1})) == {"/backup_retention_period"}
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "backup_retention_period": 14})) == 0
}

test_cfn_instance if {
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres"})) == {"/BackupRetentionPeriod"}
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres", "BackupRetentionPeriod": "0"})) == {"/BackupRetentionPeriod"}
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres", "BackupRetentionPeriod": "7"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-postgresql", "DBClusterIdentifier": "c"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"SourceDBInstanceIdentifier": "orders"})) == 0
}

test_cfn_cluster if {
	_paths(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "BackupRetentionPeriod": 5})) == {"/BackupRetentionPeriod"}
	count(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "BackupRetentionPeriod": 10})) == 0
}

test_pulumi if {
	results := _deny("pulumi", "aws:rds/instance:Instance", {"engine": "postgres"})
	some r in results
	r.path == "/backupRetentionPeriod"
	r.fix == [{"op": "add", "path": "/backupRetentionPeriod", "value": 7}]
	_paths(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "backupRetentionPeriod": 0})) == {"/backupRetentionPeriod"}
	count(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "backupRetentionPeriod": 7})) == 0
}
