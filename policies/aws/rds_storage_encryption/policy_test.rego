package vigil.aws.rds.storage_encryption_test

import data.vigil.aws.rds.storage_encryption as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.main", [type]),
	"type": type,
	"name": "main",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(type, props) := {"resource": {
	"address": "Database",
	"type": type,
	"name": "Database",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

# --- Terraform: aws_db_instance ---------------------------------------------------

test_tf_instance_false if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "postgres", "instance_class": "db.t3.micro", "storage_encrypted": false})
	_paths(results) == {"/storage_encrypted"}
	some r in results
	r.fix == [{"op": "replace", "path": "/storage_encrypted", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_instance_missing if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "mysql", "instance_class": "db.t3.micro"})
	_paths(results) == {"/storage_encrypted"}
	some r in results
	r.fix == [{"op": "add", "path": "/storage_encrypted", "value": true}]
}

test_tf_instance_encrypted if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "mysql", "storage_encrypted": true})
	count(results) == 0
}

test_tf_instance_replica if {
	results := p.deny with input as _tf("aws_db_instance", {"replicate_source_db": "${aws_db_instance.primary.identifier}", "instance_class": "db.t3.micro"})
	count(results) == 0
}

test_tf_instance_unknown_engine if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "${var.engine}"})
	count(results) == 0
}

test_tf_instance_aurora_member if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "aurora-mysql", "storage_encrypted": false})
	count(results) == 0
}

test_tf_instance_unknown_flag if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "mysql", "storage_encrypted": "${var.encrypted}"})
	count(results) == 0
}

# --- Terraform: aws_rds_cluster ---------------------------------------------------

test_tf_cluster_missing if {
	results := p.deny with input as _tf("aws_rds_cluster", {"engine": "aurora-postgresql", "master_username": "app"})
	_paths(results) == {"/storage_encrypted"}
}

test_tf_cluster_false_string if {
	results := p.deny with input as _tf("aws_rds_cluster", {"engine": "aurora-postgresql", "storage_encrypted": "false"})
	_paths(results) == {"/storage_encrypted"}
}

test_tf_cluster_serverless_v1 if {
	results := p.deny with input as _tf("aws_rds_cluster", {"engine": "aurora-mysql", "engine_mode": "serverless"})
	count(results) == 0
}

test_tf_cluster_unknown_mode if {
	results := p.deny with input as _tf("aws_rds_cluster", {"engine": "aurora-mysql", "engine_mode": "${var.mode}"})
	count(results) == 0
}

test_tf_cluster_from_snapshot if {
	results := p.deny with input as _tf("aws_rds_cluster", {"engine": "aurora-mysql", "snapshot_identifier": "arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:nightly"})
	count(results) == 0
}

test_tf_cluster_global_secondary if {
	results := p.deny with input as _tf("aws_rds_cluster", {"engine": "aurora-mysql", "global_cluster_identifier": "${aws_rds_global_cluster.main.id}"})
	count(results) == 0
}

# --- CloudFormation ---------------------------------------------------------------

test_cfn_instance_false if {
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "postgres", "StorageEncrypted": false})
	_paths(results) == {"/StorageEncrypted"}
}

test_cfn_instance_missing if {
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "mariadb", "DBInstanceClass": "db.t3.micro"})
	_paths(results) == {"/StorageEncrypted"}
	some r in results
	r.fix[0].op == "add"
}

test_cfn_instance_in_cluster if {
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "aurora-postgresql", "DBClusterIdentifier": "${Ref Cluster}"})
	count(results) == 0
}

test_cfn_instance_from_snapshot if {
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "postgres", "DBSnapshotIdentifier": "nightly"})
	count(results) == 0
}

test_cfn_cluster_missing if {
	results := p.deny with input as _cfn("AWS::RDS::DBCluster", {"Engine": "aurora-mysql"})
	_paths(results) == {"/StorageEncrypted"}
}

test_cfn_cluster_encrypted if {
	results := p.deny with input as _cfn("AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "StorageEncrypted": "true"})
	count(results) == 0
}

test_cfn_cluster_serverless if {
	results := p.deny with input as _cfn("AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "EngineMode": "serverless"})
	count(results) == 0
}

# --- Pulumi YAML ------------------------------------------------------------------

_pulumi(type, props) := {"resource": {
	"address": "database",
	"type": type,
	"name": "database",
	"mode": "managed",
	"source": "pulumi",
	"values": props,
	"references": {},
	"unknown": [],
}}

test_pulumi_instance_missing if {
	results := p.deny with input as _pulumi("aws:rds/instance:Instance", {"engine": "postgres", "instanceClass": "db.t4g.micro"})
	_paths(results) == {"/storageEncrypted"}
	some r in results
	r.fix == [{"op": "add", "path": "/storageEncrypted", "value": true}]
	r.fix_safety == "unsafe"
}

test_pulumi_instance_false if {
	results := p.deny with input as _pulumi("aws:rds/instance:Instance", {"engine": "mysql", "storageEncrypted": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/storageEncrypted", "value": true}]
}

test_pulumi_instance_skipped if {
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"engine": "mysql", "storageEncrypted": true})
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"replicateSourceDb": "orders"})
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"engine": "aurora-mysql", "storageEncrypted": false})
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"engine": "mysql", "kmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1"})
}

test_pulumi_cluster if {
	_paths(p.deny) == {"/storageEncrypted"} with input as _pulumi("aws:rds/cluster:Cluster", {"engine": "aurora-postgresql"})
	count(p.deny) == 0 with input as _pulumi("aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "storageEncrypted": true})
	count(p.deny) == 0 with input as _pulumi("aws:rds/cluster:Cluster", {"engine": "aurora-mysql", "engineMode": "serverless"})
	count(p.deny) == 0 with input as _pulumi("aws:rds/cluster:Cluster", {"engine": "aurora-mysql", "snapshotIdentifier": "nightly"})
}

test_pulumi_terraform_spelling_not_read if {
	_paths(p.deny) == {"/storageEncrypted"} with input as _pulumi("aws:rds/instance:Instance", {"engine": "postgres", "storage_encrypted": true})
}
