package vigil.aws.rds.deletion_protection_test

import data.vigil.aws.rds.deletion_protection as p
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

# --- Terraform -------------------------------------------------------------------

test_tf_instance_missing if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres", "instance_class": "db.t4g.micro"})
	_paths(results) == {"/deletion_protection"}
	some r in results
	r.fix == [{"op": "add", "path": "/deletion_protection", "value": true}]
}

test_tf_instance_false if {
	results := _deny("terraform", "aws_db_instance", {"engine": "mysql", "deletion_protection": false})
	some r in results
	r.path == "/deletion_protection"
	r.fix == [{"op": "replace", "path": "/deletion_protection", "value": true}]
}

test_tf_instance_true if {
	count(_deny("terraform", "aws_db_instance", {"engine": "mysql", "deletion_protection": true})) == 0
}

test_tf_replica_skipped if {
	count(_deny("terraform", "aws_db_instance", {"replicate_source_db": "${aws_db_instance.primary.identifier}"})) == 0
}

test_tf_replica_null_reported if {
	_paths(_deny("terraform", "aws_db_instance", {"engine": "mysql", "replicate_source_db": null})) == {"/deletion_protection"}
}

test_tf_aurora_instance_skipped if {
	count(_deny("terraform", "aws_db_instance", {"engine": "aurora-mysql"})) == 0
}

test_tf_cluster_missing if {
	_paths(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-postgresql"})) == {"/deletion_protection"}
}

test_tf_cluster_string_true if {
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-postgresql", "deletion_protection": "true"})) == 0
}

# --- CloudFormation --------------------------------------------------------------

test_cfn_instance_missing if {
	results := _deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres"})
	_paths(results) == {"/DeletionProtection"}
	some r in results
	r.fix == [{"op": "add", "path": "/DeletionProtection", "value": true}]
}

test_cfn_instance_false_string if {
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres", "DeletionProtection": "false"})) == {"/DeletionProtection"}
}

test_cfn_cluster_member_skipped if {
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-postgresql", "DBClusterIdentifier": "orders"})) == 0
}

test_cfn_replica_skipped if {
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"SourceDBInstanceIdentifier": "orders"})) == 0
}

test_cfn_cluster_missing if {
	_paths(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql"})) == {"/DeletionProtection"}
}

test_cfn_cluster_true if {
	count(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "DeletionProtection": true})) == 0
}

# --- Pulumi YAML -----------------------------------------------------------------

test_pulumi_instance_missing if {
	results := _deny("pulumi", "aws:rds/instance:Instance", {"engine": "postgres"})
	_paths(results) == {"/deletionProtection"}
	some r in results
	r.fix == [{"op": "add", "path": "/deletionProtection", "value": true}]
}

test_pulumi_cluster_false if {
	_paths(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "deletionProtection": false})) == {"/deletionProtection"}
}

test_pulumi_good if {
	count(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "deletionProtection": true})) == 0
	count(_deny("pulumi", "aws:rds/instance:Instance", {"replicateSourceDb": "orders"})) == 0
}
