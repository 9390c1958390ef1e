# METADATA
# title: RDS databases have deletion protection
# description: Without deletion protection, one mistaken `terraform destroy`, stack deletion or API call removes an RDS instance or Aurora cluster, and its automated backups go with it unless they are retained. Deletion protection is off unless it is set (Terraform provider, CloudFormation and the RDS API all default to false). Read replicas (the source keeps the data) and instances that belong to an Aurora cluster (the cluster's setting applies) are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection
#   - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#deletion_protection
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#deletion_protection
# custom:
#   id: VGL-AWS-RDS-003
#   severity: medium
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["CM-3", "CP-9"]
#   aliases: [CKV_AWS_293, CKV_AWS_139, AWS-0177]
package vigil.aws.rds.deletion_protection

import data.vigil.lib.settings
import rego.v1

_values := input.resource.values

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

# A value that is set to something (an unknown value counts as set).
_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

# Settings that make the resource a replica, or a member of a cluster.
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

# An instance with an Aurora engine is a cluster member.
_excluded if {
	input.resource.type in {"aws_db_instance", "aws:rds/instance:Instance", "AWS::RDS::DBInstance"}
	some key in ["engine", "Engine"]
	_known_string(_values[key])
	startswith(lower(_values[key]), "aurora")
}

_spec(type, path, msg, missing_msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true,
	"msg": msg, "missing_msg": missing_msg,
}

_tf_bad := "RDS database has deletion_protection = {value}: a single destroy or API call deletes it. Set deletion_protection = true."

_tf_missing := "RDS database does not set deletion_protection (the default is false): a single destroy or API call deletes it. Set deletion_protection = true."

_cfn_bad := "RDS database has DeletionProtection: {value}, so a single stack deletion or API call deletes it. Set DeletionProtection: true."

_cfn_missing := "RDS database does not set DeletionProtection (the default is false): a single stack deletion or API call deletes it. Set DeletionProtection: true."

_pulumi_bad := "RDS database has deletionProtection: {value}, so a single destroy or API call deletes it. Set deletionProtection: true."

_pulumi_missing := "RDS database does not set deletionProtection (the default is false): a single destroy or API call deletes it. Set deletionProtection: true."

_specs := [
	_spec("aws_db_instance", "/deletion_protection", _tf_bad, _tf_missing),
	_spec("aws_rds_cluster", "/deletion_protection", _tf_bad, _tf_missing),
	_spec("AWS::RDS::DBInstance", "/DeletionProtection", _cfn_bad, _cfn_missing),
	_spec("AWS::RDS::DBCluster", "/DeletionProtection", _cfn_bad, _cfn_missing),
	_spec("aws:rds/instance:Instance", "/deletionProtection", _pulumi_bad, _pulumi_missing),
	_spec("aws:rds/cluster:Cluster", "/deletionProtection", _pulumi_bad, _pulumi_missing),
]

deny contains result if {
	not _excluded
	some result in settings.check(_specs)
}
