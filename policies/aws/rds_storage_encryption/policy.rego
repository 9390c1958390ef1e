# METADATA
# title: RDS databases encrypt their storage
# description: Without storage encryption, the database files, automated backups, read replicas and snapshots of an RDS instance or Aurora cluster are stored unencrypted, and encryption cannot be switched on later without a copy and restore. Databases restored from a snapshot, created as replicas, or members of an Aurora cluster inherit their encryption and are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
#   - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
# custom:
#   id: VGL-AWS-RDS-001
#   severity: high
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.3.1"]
#     NIST-800-53-r5: ["SC-13", "SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_16, CKV_AWS_96, AWS-0080, AWS-0079]
package vigil.aws.rds.storage_encryption

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

_values := input.resource.values

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

# A value that is set to something (an unknown value counts as set).
_set(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

# Settings under which encryption is inherited (snapshot, replica, cluster) or implied (a KMS key).
_inheriting := {
	"aws_db_instance": ["replicate_source_db", "snapshot_identifier", "restore_to_point_in_time", "kms_key_id"],
	"aws_rds_cluster": [
		"snapshot_identifier", "replication_source_identifier", "global_cluster_identifier",
		"restore_to_point_in_time", "source_region", "kms_key_id",
	],
	"AWS::RDS::DBInstance": [
		"SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "DBClusterIdentifier",
		"DBClusterSnapshotIdentifier", "SourceDBClusterIdentifier", "SourceDbiResourceId",
		"UseLatestRestorableTime", "RestoreTime", "KmsKeyId",
	],
	"AWS::RDS::DBCluster": [
		"SnapshotIdentifier", "SourceDBClusterIdentifier", "GlobalClusterIdentifier",
		"ReplicationSourceIdentifier", "RestoreType", "KmsKeyId",
	],
	"aws:rds/instance:Instance": ["replicateSourceDb", "snapshotIdentifier", "restoreToPointInTime", "kmsKeyId"],
	"aws:rds/cluster:Cluster": [
		"snapshotIdentifier", "replicationSourceIdentifier", "globalClusterIdentifier",
		"restoreToPointInTime", "sourceRegion", "kmsKeyId",
	],
}

_inherits if {
	some key in _inheriting[input.resource.type]
	_set(_values, key)
}

# Instances of an Aurora cluster take their encryption from the cluster.
_cluster_member if {
	input.resource.type == "aws_db_instance"
	_known_string(_values.engine)
	startswith(_values.engine, "aurora")
}

_cluster_member if {
	input.resource.type == "aws:rds/instance:Instance"
	_known_string(_values.engine)
	startswith(_values.engine, "aurora")
}

_cluster_member if {
	input.resource.type == "AWS::RDS::DBInstance"
	_known_string(_values.Engine)
	startswith(lower(_values.Engine), "aurora")
}

# Whether an omitted setting means "unencrypted" for this engine.
_default_unencrypted if {
	input.resource.type == "aws_db_instance"
	_known_string(_values.engine)
	not startswith(_values.engine, "aurora")
}

_default_unencrypted if {
	input.resource.type == "AWS::RDS::DBInstance"
	_known_string(_values.Engine)
	not startswith(lower(_values.Engine), "aurora")
}

_default_unencrypted if {
	input.resource.type == "aws:rds/instance:Instance"
	_known_string(_values.engine)
	not startswith(_values.engine, "aurora")
}

# Aurora Serverless v1 clusters are always encrypted.
_default_unencrypted if {
	input.resource.type == "aws_rds_cluster"
	mode := object.get(_values, "engine_mode", "provisioned")
	_known_string(mode)
	mode != "serverless"
}

_default_unencrypted if {
	input.resource.type == "aws:rds/cluster:Cluster"
	mode := object.get(_values, "engineMode", "provisioned")
	_known_string(mode)
	mode != "serverless"
}

_default_unencrypted if {
	input.resource.type == "AWS::RDS::DBCluster"
	mode := object.get(_values, "EngineMode", "provisioned")
	_known_string(mode)
	mode != "serverless"
}

_attribute := "storage_encrypted" if _tf

_attribute := "StorageEncrypted" if _cfn

_attribute := "storageEncrypted" if _pulumi

_kind := "RDS cluster" if input.resource.type in {"aws_rds_cluster", "AWS::RDS::DBCluster", "aws:rds/cluster:Cluster"}

_kind := "RDS instance" if input.resource.type in {"aws_db_instance", "AWS::RDS::DBInstance", "aws:rds/instance:Instance"}

deny contains result if {
	lib.is_false(_values[_attribute])
	not _inherits
	not _cluster_member
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("%s has %s set to false: its data, backups and snapshots are stored unencrypted. Set it to true (an existing database is replaced, so migrate it through an encrypted snapshot copy).", [_kind, _attribute]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	not lib.has_key(_values, _attribute)
	not _inherits
	_default_unencrypted
	path := sprintf("/%s", [_attribute])
	result := {
		"msg": sprintf("%s does not set %s, so its data, backups and snapshots are stored unencrypted. Set it to true (an existing database is replaced, so migrate it through an encrypted snapshot copy).", [_kind, _attribute]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}
