# METADATA
# title: Cloud SQL for SQL Server does not run external scripts
# description: With external scripts enabled, sp_execute_external_script runs R or Python code from inside the database engine, which gives anyone able to call it a way to run code outside SQL Server's own permission model. It is off by default, so this flags SQL Server instances whose database_flags set it to another value. Database flags are the database_flags blocks of settings (settings.databaseFlags in Pulumi); instances of other engines, and those whose database_version is unknown, are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/sqlserver/flags
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#database_flags
# custom:
#   id: VGL-GCP-033
#   severity: medium
#   enforcement: advisory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.3.1"]
#     NIST-800-53-r5: ["CM-7"]
package vigil.gcp.sql.sqlserver_external_scripts

import data.vigil.lib
import rego.v1

_names := {
	"google_sql_database_instance": {"version": "database_version", "flags": "database_flags"},
	"gcp:sql/databaseInstance:DatabaseInstance": {"version": "databaseVersion", "flags": "databaseFlags"},
}

_n := _names[input.resource.type]

_good := {"off"}

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

# A SQL Server instance.
_applies if {
	v := input.resource.values[_n.version]
	is_string(v)
	startswith(upper(v), "SQLSERVER")
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
	f.value.name == "external scripts enabled"
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
		"msg": sprintf("The SQL Server database flag external scripts enabled is \"%v\". With external scripts enabled, sp_execute_external_script runs R or Python code from inside the database engine, which gives anyone able to call it a way to run code outside SQL Server's own permission model. Set it to \"off\".", [v]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "off"}],
		"fix_safety": "unsafe",
	}
}
