package vigil.aws.rds.auto_minor_upgrade_test

import data.vigil.aws.rds.auto_minor_upgrade as p
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

test_tf_false if {
	results := _deny("terraform", "aws_db_instance", {"engine": "postgres", "auto_minor_version_upgrade": false})
	_paths(results) == {"/auto_minor_version_upgrade"}
	some r in results
	r.fix == [{"op": "replace", "path": "/auto_minor_version_upgrade", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_default_and_true if {
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres"})) == 0
	count(_deny("terraform", "aws_db_instance", {"engine": "postgres", "auto_minor_version_upgrade": true})) == 0
}

test_tf_cluster_instance if {
	_paths(_deny("terraform", "aws_rds_cluster_instance", {"auto_minor_version_upgrade": "false"})) == {"/auto_minor_version_upgrade"}
	_paths(_deny("terraform", "aws_rds_cluster", {"auto_minor_version_upgrade": false})) == {"/auto_minor_version_upgrade"}
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::RDS::DBInstance", {"AutoMinorVersionUpgrade": "false"})) == {"/AutoMinorVersionUpgrade"}
	_paths(_deny("cloudformation", "AWS::RDS::DBCluster", {"AutoMinorVersionUpgrade": false})) == {"/AutoMinorVersionUpgrade"}
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"Engine": "mysql"})) == 0
	count(_deny("cloudformation", "AWS::RDS::DBInstance", {"AutoMinorVersionUpgrade": true})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:rds/instance:Instance", {"autoMinorVersionUpgrade": false})) == {"/autoMinorVersionUpgrade"}
	_paths(_deny("pulumi", "aws:rds/clusterInstance:ClusterInstance", {"autoMinorVersionUpgrade": false})) == {"/autoMinorVersionUpgrade"}
	count(_deny("pulumi", "aws:rds/instance:Instance", {"engine": "mysql"})) == 0
}
