# METADATA
# title: Encrypted RDS databases use a customer-managed KMS key
# description: An encrypted RDS instance or Aurora cluster that names no KMS key is encrypted with the AWS-managed key aws/rds, whose key policy you cannot change; you cannot rotate it on your own schedule, disable it, or share snapshots encrypted with it with another account. A customer-managed key lets you decide who may decrypt the data and audit its use. Reported only for databases that turn storage encryption on and set no key (an omitted kms_key_id means aws/rds); replicas, restores from snapshots and Aurora cluster members, which take their key from their source or cluster, are not reported. Unencrypted databases are reported by VGL-AWS-RDS-001.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
#   - https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#kms_key_id
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#kms_key_id
# custom:
#   id: VGL-AWS-RDS-006
#   severity: low
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#     PCI-DSS-4.0: ["3.6.1"]
#   aliases: [CKV_AWS_327]
package vigil.aws.rds.cmk_encryption

import data.vigil.lib
import rego.v1

_values := input.resource.values

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

_names := {
	"aws_db_instance": {"encrypted": "storage_encrypted", "key": "kms_key_id", "syntax": "kms_key_id = aws_kms_key.<name>.arn"},
	"aws_rds_cluster": {"encrypted": "storage_encrypted", "key": "kms_key_id", "syntax": "kms_key_id = aws_kms_key.<name>.arn"},
	"AWS::RDS::DBInstance": {"encrypted": "StorageEncrypted", "key": "KmsKeyId", "syntax": "KmsKeyId: !GetAtt <Key>.Arn"},
	"AWS::RDS::DBCluster": {"encrypted": "StorageEncrypted", "key": "KmsKeyId", "syntax": "KmsKeyId: !GetAtt <Key>.Arn"},
	"aws:rds/instance:Instance": {"encrypted": "storageEncrypted", "key": "kmsKeyId", "syntax": "kmsKeyId: ${<key>.arn}"},
	"aws:rds/cluster:Cluster": {"encrypted": "storageEncrypted", "key": "kmsKeyId", "syntax": "kmsKeyId: ${<key>.arn}"},
}

# Settings under which the key comes from a source (replica, snapshot, cluster).
_inheriting := {
	"aws_db_instance": ["replicate_source_db", "snapshot_identifier", "restore_to_point_in_time"],
	"aws:rds/instance:Instance": ["replicateSourceDb", "snapshotIdentifier", "restoreToPointInTime"],
	"aws_rds_cluster": ["snapshot_identifier", "replication_source_identifier", "global_cluster_identifier", "restore_to_point_in_time", "source_region"],
	"aws:rds/cluster:Cluster": ["snapshotIdentifier", "replicationSourceIdentifier", "globalClusterIdentifier", "restoreToPointInTime", "sourceRegion"],
	"AWS::RDS::DBInstance": [
		"SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "DBClusterIdentifier",
		"DBClusterSnapshotIdentifier", "SourceDBClusterIdentifier", "SourceDbiResourceId",
		"UseLatestRestorableTime", "RestoreTime",
	],
	"AWS::RDS::DBCluster": ["SnapshotIdentifier", "SourceDBClusterIdentifier", "GlobalClusterIdentifier", "ReplicationSourceIdentifier", "RestoreType"],
}

_inherits if {
	some key in _inheriting[input.resource.type]
	_set(key)
}

_inherits if {
	input.resource.type in {"aws_db_instance", "aws:rds/instance:Instance", "AWS::RDS::DBInstance"}
	some key in ["engine", "Engine"]
	_known_string(_values[key])
	startswith(lower(_values[key]), "aurora")
}

deny contains result if {
	names := _names[input.resource.type]
	lib.is_true(_values[names.encrypted])
	not _set(names.key)
	not _inherits
	result := {
		"msg": sprintf("RDS database is encrypted with the AWS-managed key aws/rds, whose policy you cannot control and whose snapshots cannot be shared with other accounts. Encrypt it with a customer-managed key: %s (changing the key replaces the database).", [names.syntax]),
		"path": sprintf("/%s", [names.key]),
	}
}
