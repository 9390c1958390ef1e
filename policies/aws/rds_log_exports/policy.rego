# METADATA
# title: RDS databases export their logs to CloudWatch Logs
# description: Database logs (PostgreSQL's log, MySQL's error, slow query and audit logs, SQL Server's error and agent logs, Oracle's alert and audit logs) stay on the instance and rotate away unless they are published to CloudWatch Logs, where they can be kept, searched and alarmed on during an investigation. Nothing is exported when the setting is omitted (the Terraform provider and CloudFormation default to no log types). Reported for databases whose engine is known, with the engine's log types to add; read replicas without an engine and Aurora cluster members (the cluster exports the logs) are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
#   - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/publishing-to-cloudwatch-logs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#enabled_cloudwatch_logs_exports
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#enabled_cloudwatch_logs_exports
# custom:
#   id: VGL-AWS-RDS-007
#   severity: low
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_129, CKV_AWS_324]
package vigil.aws.rds.log_exports

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

_attribute := {
	"aws_db_instance": "enabled_cloudwatch_logs_exports",
	"aws_rds_cluster": "enabled_cloudwatch_logs_exports",
	"AWS::RDS::DBInstance": "EnableCloudwatchLogsExports",
	"AWS::RDS::DBCluster": "EnableCloudwatchLogsExports",
	"aws:rds/instance:Instance": "enabledCloudwatchLogsExports",
	"aws:rds/cluster:Cluster": "enabledCloudwatchLogsExports",
}

_engine := lower(_values[key]) if {
	some key in ["engine", "Engine"]
	_known_string(_values[key])
}

_engine_mode := lower(_values[key]) if {
	some key in ["engine_mode", "engineMode", "EngineMode"]
	_known_string(_values[key])
}

# The log types to export, per engine.
_instance_logs(engine) := ["postgresql", "upgrade"] if engine == "postgres"

_instance_logs(engine) := ["audit", "error", "slowquery"] if engine in {"mysql", "mariadb"}

_instance_logs(engine) := ["agent", "error"] if startswith(engine, "sqlserver")

_instance_logs(engine) := ["alert", "audit", "listener", "trace"] if startswith(engine, "oracle")

_instance_logs(engine) := ["diag.log", "notify.log"] if startswith(engine, "db2")

# Aurora, and Multi-AZ DB clusters (engine mysql or postgres).
_cluster_logs(engine) := ["postgresql"] if engine in {"aurora-postgresql", "postgres"}

_cluster_logs(engine) := ["audit", "error", "slowquery"] if engine in {"aurora", "aurora-mysql"}

_cluster_logs(engine) := ["error", "slowquery"] if engine == "mysql"

_logs := _instance_logs(_engine) if input.resource.type in _instance_types

_logs := _cluster_logs(_engine) if {
	input.resource.type in _cluster_types
	not _engine_mode == "serverless"
}

_skip_keys := {
	"aws_db_instance": ["replicate_source_db"],
	"aws:rds/instance:Instance": ["replicateSourceDb"],
	"AWS::RDS::DBInstance": ["SourceDBInstanceIdentifier", "SourceDBClusterIdentifier", "DBClusterIdentifier"],
}

_excluded if {
	some key in _skip_keys[input.resource.type]
	_set(key)
}

_written(logs) := sprintf("%s = %s", [_attribute[input.resource.type], json.marshal(logs)]) if input.resource.source == "terraform"

_written(logs) := sprintf("%s: %s", [_attribute[input.resource.type], json.marshal(logs)]) if input.resource.source != "terraform"

deny contains result if {
	attr := _attribute[input.resource.type]
	logs := _logs
	not _excluded
	object.get(_values, attr, null) == null
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("RDS database does not set %s, so its logs are not published to CloudWatch Logs and are lost when they rotate. Export them: %s.", [attr, _written(logs)]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": logs}],
	}
}

deny contains result if {
	attr := _attribute[input.resource.type]
	logs := _logs
	not _excluded
	_values[attr] == []
	path := sprintf("/%s", [attr])
	result := {
		"msg": sprintf("RDS database has an empty %s, so its logs are not published to CloudWatch Logs and are lost when they rotate. Export them: %s.", [attr, _written(logs)]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": logs}],
	}
}
