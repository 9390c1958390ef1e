package vigil.aws.rds.multi_az_test

import data.vigil.aws.rds.multi_az as p
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

test_tf_missing if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres"})
	_paths(results) == {"/multi_az"}
	some r in results
	r.fix == [{"op": "add", "path": "/multi_az", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	some r in _deny("terraform", "aws_db_instance", {"engine": "mysql", "multi_az": false})
	r.fix == [{"op": "replace", "path": "/multi_az", "value": true}]
}

test_tf_skipped if {
	count(_deny("terraform", "aws_db_instance", {"engine": "mysql", "multi_az": true})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "aurora-mysql"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "sqlserver-ex"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "${var.engine}"})) == 0
	count(_deny("terraform", "aws_db_instance", {"replicate_source_db": "orders"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "replicate_source_db": "orders"})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres"})) == {"/MultiAZ"}
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres", "MultiAZ": "false"})) == {"/MultiAZ"}
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres", "MultiAZ": "true"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-postgresql", "DBClusterIdentifier": "c"})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:rds/instance:Instance", {"engine": "postgres"})) == {"/multiAz"}
	count(_deny("pulumi", "aws:rds/instance:Instance", {"engine": "postgres", "multiAz": true})) == 0
}
