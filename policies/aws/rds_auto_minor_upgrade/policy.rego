# METADATA
# title: RDS databases apply minor engine upgrades automatically
# description: Minor engine versions carry security fixes; with automatic minor version upgrades turned off, a database keeps running a vulnerable version until someone upgrades it by hand. Automatic minor upgrades are on unless they are turned off (the Terraform provider, CloudFormation and the RDS API default to true), so only an explicit false is reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#auto_minor_version_upgrade
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster_instance#auto_minor_version_upgrade
# custom:
#   id: VGL-AWS-RDS-008
#   severity: medium
#   enforcement: advisory
#   resources: [aws_db_instance, aws_rds_cluster_instance, aws_rds_cluster, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance", "aws:rds/cluster:Cluster"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.3.2"]
#     NIST-800-53-r5: ["SI-2"]
#     PCI-DSS-4.0: ["6.3.3"]
#   aliases: [CKV_AWS_226]
package vigil.aws.rds.auto_minor_upgrade

import data.vigil.lib.settings
import rego.v1

_spec(type, path, msg) := {
	"type": type, "path": path, "good": [true], "fix": true, "fix_safety": "unsafe", "msg": msg,
}

_tf_msg := "RDS database has auto_minor_version_upgrade = false: minor versions with security fixes are not applied until someone upgrades by hand. Set auto_minor_version_upgrade = true (upgrades then run in the maintenance window)."

_cfn_msg := "RDS database has AutoMinorVersionUpgrade: false, so minor versions with security fixes are not applied until someone upgrades by hand. Set AutoMinorVersionUpgrade: true (upgrades then run in the maintenance window)."

_pulumi_msg := "RDS database has autoMinorVersionUpgrade: false, so minor versions with security fixes are not applied until someone upgrades by hand. Set autoMinorVersionUpgrade: true (upgrades then run in the maintenance window)."

_specs := [
	_spec("aws_db_instance", "/auto_minor_version_upgrade", _tf_msg),
	_spec("aws_rds_cluster_instance", "/auto_minor_version_upgrade", _tf_msg),
	_spec("aws_rds_cluster", "/auto_minor_version_upgrade", _tf_msg),
	_spec("AWS::RDS::DBInstance", "/AutoMinorVersionUpgrade", _cfn_msg),
	_spec("AWS::RDS::DBCluster", "/AutoMinorVersionUpgrade", _cfn_msg),
	_spec("aws:rds/instance:Instance", "/autoMinorVersionUpgrade", _pulumi_msg),
	_spec("aws:rds/clusterInstance:ClusterInstance", "/autoMinorVersionUpgrade", _pulumi_msg),
	_spec("aws:rds/cluster:Cluster", "/autoMinorVersionUpgrade", _pulumi_msg),
]

deny contains result if some result in settings.check(_specs)
