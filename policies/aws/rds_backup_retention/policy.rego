# METADATA
# title: RDS databases keep automated backups for at least 7 days
# description: Automated backups and point-in-time recovery are what bring a database back after a bad migration, a deleted table or ransomware; with a retention of 0 they are off, and with a day or two a problem noticed after a weekend can no longer be undone. When the retention is not set, the RDS API keeps backups for 1 day (the Terraform provider's aws_db_instance documents 0, aws_rds_cluster 1; CloudFormation 1), which is reported. Read replicas and Aurora cluster members (the cluster's retention applies) are not reported, nor, when the retention is not set, databases restored from a snapshot or a point in time (they inherit it).
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html
#   - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period
# custom:
#   id: VGL-AWS-RDS-005
#   severity: medium
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["CP-9", "CP-10"]
#   aliases: [CKV_AWS_133, AWS-0077]
package vigil.aws.rds.backup_retention

import rego.v1

_values := input.resource.values

_min_days := 7

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

_number(x) := x if is_number(x)

_number(x) := to_number(x) if {
	_known_string(x)
	regex.match(`^\s*[0-9]+\s*$`, x)
}

# The retention attribute, and how it is written, per resource type.
_attribute := {
	"aws_db_instance": "backup_retention_period",
	"aws_rds_cluster": "backup_retention_period",
	"AWS::RDS::DBInstance": "BackupRetentionPeriod",
	"AWS::RDS::DBCluster": "BackupRetentionPeriod",
	"aws:rds/instance:Instance": "backupRetentionPeriod",
	"aws:rds/cluster:Cluster": "backupRetentionPeriod",
}

_syntax := {
	"aws_db_instance": "%s = %d",
	"aws_rds_cluster": "%s = %d",
	"AWS::RDS::DBInstance": "%s: %d",
	"AWS::RDS::DBCluster": "%s: %d",
	"aws:rds/instance:Instance": "%s: %d",
	"aws:rds/cluster:Cluster": "%s: %d",
}

# Read replicas, and instances that belong to a cluster.
_skip_keys := {
	"aws_db_instance": ["replicate_source_db"],
	"aws:rds/instance:Instance": ["replicateSourceDb"],
	"AWS::RDS::DBInstance": ["SourceDBInstanceIdentifier", "SourceDBClusterIdentifier", "DBClusterIdentifier"],
}

_excluded if {
	some key in _skip_keys[input.resource.type]
	_set(key)
}

_excluded if {
	input.resource.type in {"aws_db_instance", "aws:rds/instance:Instance", "AWS::RDS::DBInstance"}
	some key in ["engine", "Engine"]
	_known_string(_values[key])
	startswith(lower(_values[key]), "aurora")
}

# Restores inherit the retention of their source when it is not set.
_restore_keys := {
	"aws_db_instance": ["snapshot_identifier", "restore_to_point_in_time", "s3_import"],
	"aws:rds/instance:Instance": ["snapshotIdentifier", "restoreToPointInTime", "s3Import"],
	"aws_rds_cluster": ["snapshot_identifier", "restore_to_point_in_time", "s3_import"],
	"aws:rds/cluster:Cluster": ["snapshotIdentifier", "restoreToPointInTime", "s3Import"],
	"AWS::RDS::DBInstance": ["DBSnapshotIdentifier", "DBClusterSnapshotIdentifier", "RestoreTime", "UseLatestRestorableTime", "SourceDbiResourceId", "SourceDBInstanceAutomatedBackupsArn"],
	"AWS::RDS::DBCluster": ["SnapshotIdentifier", "SourceDBClusterIdentifier", "RestoreType", "RestoreToTime", "UseLatestRestorableTime"],
}

_restored if {
	some key in _restore_keys[input.resource.type]
	_set(key)
}

_setting(days) := sprintf(_syntax[input.resource.type], [_attribute[input.resource.type], days])

deny contains result if {
	attr := _attribute[input.resource.type]
	not _excluded
	days := _number(_values[attr])
	days == 0
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("RDS database has %s: automated backups and point-in-time recovery are off. Set %s or more (turning backups on restarts the database briefly).", [_setting(0), _setting(_min_days)]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _min_days}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	attr := _attribute[input.resource.type]
	not _excluded
	days := _number(_values[attr])
	days > 0
	days < _min_days
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("RDS database has %s: a problem noticed later than that can no longer be undone from backups. Keep them at least a week: %s.", [_setting(days), _setting(_min_days)]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _min_days}],
	}
}

deny contains result if {
	attr := _attribute[input.resource.type]
	not _excluded
	not _restored
	object.get(_values, attr, null) == null
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("RDS database does not set %s, so automated backups are kept for 1 day only (the RDS default). Keep them at least a week: %s.", [attr, _setting(_min_days)]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": _min_days}],
	}
}
