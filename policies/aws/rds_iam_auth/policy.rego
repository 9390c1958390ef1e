# METADATA
# title: RDS databases accept IAM database authentication
# description: With IAM database authentication, applications sign in with short-lived tokens issued to their IAM role instead of long-lived database passwords kept in configuration, and access is granted and revoked in IAM. It is off unless it is set (the Terraform provider, CloudFormation and the RDS API default to false). Only engines that support it are reported (MySQL, PostgreSQL, MariaDB 10.11 and later, Aurora MySQL and Aurora PostgreSQL, not Aurora Serverless v1); SQL Server, Oracle and Db2 are never reported, nor are read replicas, Aurora cluster members (the cluster's setting applies) or databases whose engine is not known.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
#   - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.IamDatabaseAuthentication.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#iam_database_authentication_enabled
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#iam_database_authentication_enabled
# custom:
#   id: VGL-AWS-RDS-004
#   severity: medium
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["IA-2", "IA-5"]
#   aliases: [CKV_AWS_161, CKV_AWS_162, AWS-0176]
package vigil.aws.rds.iam_auth

import data.vigil.lib.settings
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

_instance_types := {"aws_db_instance", "aws:rds/instance:Instance", "AWS::RDS::DBInstance"}

_cluster_types := {"aws_rds_cluster", "aws:rds/cluster:Cluster", "AWS::RDS::DBCluster"}

_engine := lower(_values[key]) if {
	some key in ["engine", "Engine"]
	_known_string(_values[key])
}

_engine_mode := lower(_values[key]) if {
	some key in ["engine_mode", "engineMode", "EngineMode"]
	_known_string(_values[key])
}

# Engines that support IAM database authentication.
_supported if {
	input.resource.type in _instance_types
	_engine in {"mysql", "postgres"}
}

# RDS for MariaDB supports it from 10.11 on; an omitted version is the current default.
_supported if {
	input.resource.type in _instance_types
	_engine == "mariadb"
	_mariadb_version_supported
}

_version_keys := ["engine_version", "engineVersion", "EngineVersion"]

_mariadb_version_supported if {
	every key in _version_keys {
		object.get(_values, key, null) == null
	}
}

_mariadb_version_supported if {
	some key in _version_keys
	_known_string(_values[key])
	regex.match(`^(10\.11|11\.|1[2-9]\.)`, _values[key])
}

_supported if {
	input.resource.type in _cluster_types
	_engine in {"aurora", "aurora-mysql", "aurora-postgresql"}
	not _engine_mode == "serverless"
}

# Read replicas and members of a cluster.
_skip_keys := {
	"aws_db_instance": ["replicate_source_db"],
	"aws:rds/instance:Instance": ["replicateSourceDb"],
	"aws_rds_cluster": ["replication_source_identifier"],
	"aws:rds/cluster:Cluster": ["replicationSourceIdentifier"],
	"AWS::RDS::DBInstance": ["SourceDBInstanceIdentifier", "SourceDBClusterIdentifier", "DBClusterIdentifier"],
	"AWS::RDS::DBCluster": ["ReplicationSourceIdentifier"],
}

_excluded if {
	some key in _skip_keys[input.resource.type]
	_set(key)
}

_spec(type, path, msg, missing_msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true,
	"msg": msg, "missing_msg": missing_msg,
}

_tf_bad := "RDS database has iam_database_authentication_enabled = {value}: applications can only sign in with long-lived database passwords. Set iam_database_authentication_enabled = true and grant access with rds-db:connect."

_tf_missing := "RDS database does not set iam_database_authentication_enabled (the default is false): applications can only sign in with long-lived database passwords. Set iam_database_authentication_enabled = true and grant access with rds-db:connect."

_cfn_bad := "RDS database has EnableIAMDatabaseAuthentication: {value}, so applications can only sign in with long-lived database passwords. Set EnableIAMDatabaseAuthentication: true and grant access with rds-db:connect."

_cfn_missing := "RDS database does not set EnableIAMDatabaseAuthentication (the default is false): applications can only sign in with long-lived database passwords. Set EnableIAMDatabaseAuthentication: true and grant access with rds-db:connect."

_pulumi_bad := "RDS database has iamDatabaseAuthenticationEnabled: {value}, so applications can only sign in with long-lived database passwords. Set iamDatabaseAuthenticationEnabled: true and grant access with rds-db:connect."

_pulumi_missing := "RDS database does not set iamDatabaseAuthenticationEnabled (the default is false): applications can only sign in with long-lived database passwords. Set iamDatabaseAuthenticationEnabled: true and grant access with rds-db:connect."

_specs := [
	_spec("aws_db_instance", "/iam_database_authentication_enabled", _tf_bad, _tf_missing),
	_spec("aws_rds_cluster", "/iam_database_authentication_enabled", _tf_bad, _tf_missing),
	_spec("AWS::RDS::DBInstance", "/EnableIAMDatabaseAuthentication", _cfn_bad, _cfn_missing),
	_spec("AWS::RDS::DBCluster", "/EnableIAMDatabaseAuthentication", _cfn_bad, _cfn_missing),
	_spec("aws:rds/instance:Instance", "/iamDatabaseAuthenticationEnabled", _pulumi_bad, _pulumi_missing),
	_spec("aws:rds/cluster:Cluster", "/iamDatabaseAuthenticationEnabled", _pulumi_bad, _pulumi_missing),
]

deny contains result if {
	_supported
	not _excluded
	some result in settings.check(_specs)
}
