# METADATA
# title: Cloud SQL for PostgreSQL does not log statement text by duration
# description: With log_min_duration_statement at 0 or more, the full text of every statement slower than the threshold goes to the logs, including literals such as passwords, tokens and personal data, to everyone who can read the logs. It is disabled (-1) by default, so this flags PostgreSQL instances whose database_flags set it to another value. Database flags are the database_flags blocks of settings (settings.databaseFlags in Pulumi); instances of other engines, and those whose database_version is unknown, are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/postgres/flags
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#database_flags
# custom:
#   id: VGL-GCP-029
#   severity: low
#   enforcement: advisory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.2.7"]
#     NIST-800-53-r5: ["AU-9", "SI-12"]
#   aliases: [CKV_GCP_57]
package vigil.gcp.sql.postgres_log_min_duration_statement

import data.vigil.lib
import rego.v1

_names := {
	"google_sql_database_instance": {"version": "database_version", "flags": "database_flags"},
	"gcp:sql/databaseInstance:DatabaseInstance": {"version": "databaseVersion", "flags": "databaseFlags"},
}

_n := _names[input.resource.type]

_good := {"-1"}

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

# A PostgreSQL instance.
_applies if {
	v := input.resource.values[_n.version]
	is_string(v)
	startswith(upper(v), "POSTGRES")
}

_settings contains entry if {
	_n
	some entry in lib.block_entries(input.resource.values, "settings", "")
	is_object(entry.value)
}

# The flag's entries, with their paths.
_flag_entries contains f if {
	some settings in _settings
	some f in lib.block_entries(settings.value, _n.flags, settings.path)
	is_object(f.value)
	f.value.name == "log_min_duration_statement"
}

_norm(v) := lower(trim_space(sprintf("%v", [v])))

_scalar(v) if is_string(v)

_scalar(v) if is_number(v)

deny contains result if {
	_applies
	some f in _flag_entries
	v := f.value.value
	_scalar(v)
	not _unknown(v)
	not _norm(v) in _good
	path := sprintf("%s/value", [f.path])
	result := {
		"msg": sprintf("The PostgreSQL database flag log_min_duration_statement is \"%v\". With log_min_duration_statement at 0 or more, the full text of every statement slower than the threshold goes to the logs, including literals such as passwords, tokens and personal data, to everyone who can read the logs. Set it to \"-1\".", [v]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "-1"}],
		"fix_safety": "unsafe",
	}
}
