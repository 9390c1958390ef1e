package vigil.aws.rds.log_exports_test

import data.vigil.aws.rds.log_exports as p
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

test_tf_postgres_missing if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres"})
	_paths(results) == {"/enabled_cloudwatch_logs_exports"}
	some r in results
	r.fix == [{"op": "add", "path": "/enabled_cloudwatch_logs_exports", "value": ["postgresql", "upgrade"]}]
}

test_tf_mysql_empty if {
	results := _deny("terraform", "aws_db_instance", {"engine": "mysql", "enabled_cloudwatch_logs_exports": []})
	some r in results
	r.fix == [{"op": "replace", "path": "/enabled_cloudwatch_logs_exports", "value": ["audit", "error", "slowquery"]}]
}

test_tf_engines if {
	some r1 in _deny("terraform", "aws_db_instance", {"engine": "sqlserver-se"})
	r1.fix[0].value == ["agent", "error"]
	some r2 in _deny("terraform", "aws_db_instance", {"engine": "oracle-ee"})
	r2.fix[0].value == ["alert", "audit", "listener", "trace"]
}

test_tf_good if {
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "enabled_cloudwatch_logs_exports": ["postgresql"]})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "${var.engine}"})) == 0
	count(_deny("terraform", "aws_db_instance", {"replicate_source_db": "orders"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "aurora-postgresql"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "enabled_cloudwatch_logs_exports": "${var.logs}"})) == 0
}

test_tf_cluster if {
	some r in _deny("terraform", "aws_rds_cluster", {"engine": "aurora-postgresql"})
	r.fix == [{"op": "add", "path": "/enabled_cloudwatch_logs_exports", "value": ["postgresql"]}]
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "engine_mode": "serverless"})) == 0
	count(_deny("terraform", "aws_rds_cluster", {"engine": "aurora-mysql", "enabled_cloudwatch_logs_exports": ["audit", "error"]})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "mariadb"})) == {"/EnableCloudwatchLogsExports"}
	_paths(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql"})) == {"/EnableCloudwatchLogsExports"}
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-mysql", "DBClusterIdentifier": "c"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "EnableCloudwatchLogsExports": ["error"]})) == 0
}

test_pulumi if {
	some r in _deny("pulumi", "aws:rds/instance:Instance", {"engine": "postgres"})
	r.path == "/enabledCloudwatchLogsExports"
	r.fix[0].value == ["postgresql", "upgrade"]
	count(_deny("pulumi", "aws:rds/cluster:Cluster", {"engine": "aurora-postgresql", "enabledCloudwatchLogsExports": ["postgresql"]})) == 0
}
