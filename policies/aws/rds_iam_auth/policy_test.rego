package vigil.aws.rds.iam_auth_test

import data.vigil.aws.rds.iam_auth as p
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

test_tf_instance_missing if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres"})
	_paths(results) == {"/iam_database_authentication_enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/iam_database_authentication_enabled", "value": true}]
}

test_tf_instance_false if {
	results := _deny("terraform", "aws_db_instance", {"engine": "mariadb", "iam_database_authentication_enabled": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/iam_database_authentication_enabled", "value": true}]
}

test_tf_instance_enabled if {
	count(_deny("terraform", "aws_db_instance", {"engine": "mysql", "iam_database_authentication_enabled": true})) == 0
}

test_tf_unsupported_engines if {
	count(_deny("terraform", "aws_db_instance", {"engine": "sqlserver-se"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "oracle-ee"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "${var.engine}"})) == 0
	count(_deny("terraform", "aws_db_instance", {"instance_class": "db.t3.micro"})) == 0
}

test_tf_replica_skipped if {
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "replicate_source_db": "orders"})) == 0
}

test_tf_aurora_instance_skipped if {
	count(_deny("terraform", "aws_db_instance", {"engine": "aurora-postgresql"})) == 0
}

test_tf_cluster_missing if {
	_paths(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql"})) == {"/iam_database_authentication_enabled"}
}

test_tf_cluster_serverless_v1_skipped if {
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "engine_mode": "serverless"})) == 0
}

test_tf_multi_az_cluster_skipped if {
	count(_deny("terraform", "aws_rds_cluster", {"engine": "postgres", "db_cluster_instance_class": "db.m6gd.large"})) == 0
}

test_cfn_instance_missing if {
	results := _deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "MySQL"})
	_paths(results) == {"/EnableIAMDatabaseAuthentication"}
}

test_cfn_instance_member_skipped if {
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-mysql", "DBClusterIdentifier": "orders"})) == 0
}

test_cfn_cluster_false_string if {
	_paths(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-postgresql", "EnableIAMDatabaseAuthentication": "false"})) == {"/EnableIAMDatabaseAuthentication"}
}

test_cfn_cluster_enabled if {
	count(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-postgresql", "EnableIAMDatabaseAuthentication": "true"})) == 0
}

test_pulumi_instance_missing if {
	results := _deny("pulumi", "aws:rds/instance:Instance", {"engine": "postgres"})
	_paths(results) == {"/iamDatabaseAuthenticationEnabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/iamDatabaseAuthenticationEnabled", "value": true}]
}

test_pulumi_cluster if {
	_paths(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "iamDatabaseAuthenticationEnabled": false})) == {"/iamDatabaseAuthenticationEnabled"}
	count(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "iamDatabaseAuthenticationEnabled": true})) == 0
	count(_deny("pulumi", "aws:rds/instance:Instance", {"engine": "sqlserver-ex"})) == 0
}

test_mariadb_versions if {
	_paths(_deny("terraform", "aws_db_instance", {"engine": "mariadb", "engine_version": "10.11.8"})) == {"/iam_database_authentication_enabled"}
	_paths(_deny("terraform", "aws_db_instance", {"engine": "mariadb", "engine_version": "11.4"})) == {"/iam_database_authentication_enabled"}
	count(_deny("terraform", "aws_db_instance", {"engine": "mariadb", "engine_version": "10.6.14"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "mariadb", "engine_version": "10.5"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "mariadb", "engine_version": "${var.version}"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "mariadb", "EngineVersion": "10.4.34"})) == 0
}
