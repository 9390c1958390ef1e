package vigil.aws.docdb.encryption_test

import data.vigil.aws.docdb.encryption as p
import rego.v1

_in(source, type, values) := {"resource": {
	"address": "cluster.main",
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
	results := _deny("terraform", "aws_docdb_cluster", {"cluster_identifier": "graph"})
	_paths(results) == {"/storage_encrypted"}
	some r in results
	r.fix == [{"op": "add", "path": "/storage_encrypted", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	some r in _deny("terraform", "aws_docdb_cluster", {"storage_encrypted": false})
	r.fix == [{"op": "replace", "path": "/storage_encrypted", "value": true}]
}

test_tf_good if {
	count(_deny("terraform", "aws_docdb_cluster", {"storage_encrypted": true})) == 0
	count(_deny("terraform", "aws_docdb_cluster", {"snapshot_identifier": "nightly"})) == 0
	count(_deny("terraform", "aws_docdb_cluster", {"global_cluster_identifier": "${aws_x.global.id}"})) == 0
}

test_cfn if {
	_paths(_deny("cloudformation", "AWS::DocDB::DBCluster", {"DBClusterIdentifier": "graph"})) == {"/StorageEncrypted"}
	_paths(_deny("cloudformation", "AWS::DocDB::DBCluster", {"StorageEncrypted": "false"})) == {"/StorageEncrypted"}
	count(_deny("cloudformation", "AWS::DocDB::DBCluster", {"StorageEncrypted": "true"})) == 0
	count(_deny("cloudformation", "AWS::DocDB::DBCluster", {"SnapshotIdentifier": "nightly"})) == 0
}

test_pulumi if {
	_paths(_deny("pulumi", "aws:docdb/cluster:Cluster", {"clusterIdentifier": "graph"})) == {"/storageEncrypted"}
	_paths(_deny("pulumi", "aws:docdb/cluster:Cluster", {"storageEncrypted": false})) == {"/storageEncrypted"}
	count(_deny("pulumi", "aws:docdb/cluster:Cluster", {"storageEncrypted": true})) == 0
	count(_deny("pulumi", "aws:docdb/cluster:Cluster", {"snapshotIdentifier": "nightly"})) == 0
}
