package vigil.aws.rds.public_access_test

import data.vigil.aws.rds.public_access as p
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

test_tf_instance_public if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "postgres", "publicly_accessible": true})
	count(results) == 1
	some r in results
	r.path == "/publicly_accessible"
	r.fix == [{"op": "replace", "path": "/publicly_accessible", "value": false}]
	r.fix_safety == "unsafe"
}

test_tf_instance_private if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "postgres", "publicly_accessible": false})
	count(results) == 0
}

test_tf_instance_default if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "postgres"})
	count(results) == 0
}

test_tf_cluster_instance_public_string if {
	results := p.deny with input as _tf("aws_rds_cluster_instance", {"cluster_identifier": "${aws_rds_cluster.main.id}", "publicly_accessible": "true"})
	count(results) == 1
}

test_tf_unknown if {
	results := p.deny with input as _tf("aws_db_instance", {"engine": "postgres", "publicly_accessible": "${var.public}"})
	count(results) == 0
}

test_cfn_instance_public if {
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "mysql", "PubliclyAccessible": true})
	{r.path | some r in results} == {"/PubliclyAccessible"}
}

test_cfn_cluster_public_string if {
	results := p.deny with input as _cfn("AWS::RDS::DBCluster", {"Engine": "postgres", "DBClusterInstanceClass": "db.m6gd.large", "PubliclyAccessible": "true"})
	count(results) == 1
}

test_cfn_instance_not_set if {
	# the default depends on the subnets; only an explicit true is reported
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "mysql"})
	count(results) == 0
}

test_cfn_instance_private if {
	results := p.deny with input as _cfn("AWS::RDS::DBInstance", {"Engine": "mysql", "PubliclyAccessible": false})
	count(results) == 0
}

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

test_pulumi_instance_public if {
	results := p.deny with input as _pulumi("aws:rds/instance:Instance", {"engine": "postgres", "publiclyAccessible": true})
	count(results) == 1
	some r in results
	r.path == "/publiclyAccessible"
	r.fix == [{"op": "replace", "path": "/publiclyAccessible", "value": false}]
	r.fix_safety == "unsafe"
}

test_pulumi_cluster_instance_public if {
	results := p.deny with input as _pulumi("aws:rds/clusterInstance:ClusterInstance", {"engine": "aurora-mysql", "publiclyAccessible": true})
	{r.path | some r in results} == {"/publiclyAccessible"}
}

test_pulumi_private_or_default if {
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"engine": "postgres", "publiclyAccessible": false})
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"engine": "postgres"})
}

test_pulumi_terraform_spelling_ignored if {
	count(p.deny) == 0 with input as _pulumi("aws:rds/instance:Instance", {"engine": "postgres", "publicly_accessible": true})
}
