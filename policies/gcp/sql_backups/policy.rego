# METADATA
# title: Cloud SQL instances take automated backups
# description: Without automated backups (and the point-in-time recovery they enable) data deleted or corrupted by a mistake, a faulty migration or ransomware cannot be restored. The google provider leaves them off when settings.backup_configuration.enabled is omitted (settings.backupConfiguration.enabled in Pulumi), so this flags instances that leave it out or set it to false. Read replicas, which cannot have their own backups, are not reported. Set enabled = true.
# related_resources:
#   - https://cloud.google.com/sql/docs/postgres/backup-recovery/backups
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#backup_configuration
# custom:
#   id: VGL-GCP-026
#   severity: medium
#   enforcement: remediate
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.7"]
#     NIST-800-53-r5: ["CP-9"]
#   aliases: [CKV_GCP_14]
package vigil.gcp.sql.backups

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "google_sql_database_instance", "path": "/settings/backup_configuration/enabled",
		"good": [true], "missing": true, "fix": true,
		"msg": "settings.backup_configuration.enabled is {value}: deleted or corrupted data cannot be restored. Set enabled = true.",
		"missing_msg": "The instance does not enable settings.backup_configuration, and automated backups are off by default: deleted or corrupted data cannot be restored. Set backup_configuration { enabled = true }.",
	},
	{
		"type": "gcp:sql/databaseInstance:DatabaseInstance", "path": "/settings/backupConfiguration/enabled",
		"good": [true], "missing": true, "fix": true,
		"msg": "settings.backupConfiguration.enabled is {value}: deleted or corrupted data cannot be restored. Set enabled: true.",
		"missing_msg": "The instance does not enable settings.backupConfiguration, and automated backups are off by default: deleted or corrupted data cannot be restored. Set backupConfiguration.enabled: true.",
	},
]

# Read replicas have no backups of their own.
_replica if {
	some key in ["master_instance_name", "masterInstanceName"]
	v := input.resource.values[key]
	v != null
	v != ""
}

deny contains result if {
	not _replica
	some result in settings.check(_specs)
}
