# METADATA
# title: Cloud SQL for PostgreSQL logs the end of sessions
# description: Without log_disconnections the server does not record when sessions end and how long they lasted, which an investigation needs to tell what a connection could have done. Cloud SQL leaves log_disconnections off by default, so this flags PostgreSQL instances that leave the flag out or set it to another value. Database flags are the database_flags blocks of settings (settings.databaseFlags in Pulumi); instances of other engines, and those whose database_version is unknown, are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/postgres/flags
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#database_flags
# custom:
#   id: VGL-GCP-028
#   severity: low
#   enforcement: advisory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.2.3"]
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_GCP_53]
package vigil.gcp.sql.postgres_log_disconnections

import data.vigil.lib
import rego.v1

_names := {
	"google_sql_database_instance": {"version": "database_version", "flags": "database_flags"},
	"gcp:sql/databaseInstance:DatabaseInstance": {"version": "databaseVersion", "flags": "databaseFlags"},
}

_n := _names[input.resource.type]

_good := {"on"}

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
	f.value.name == "log_disconnections"
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
		"msg": sprintf("The PostgreSQL database flag log_disconnections is \"%v\". Without log_disconnections the server does not record when sessions end and how long they lasted, which an investigation needs to tell what a connection could have done. Set it to \"on\".", [v]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "on"}],
	}
}

# The flag is not set: the default is off.
_missing if {
	not _flag_entries
	not _flags_unknown
}

_missing if {
	count(_flag_entries) == 0
	not _flags_unknown
}

_flags_unknown if {
	some settings in _settings
	_unknown(settings.value[_n.flags])
}

_flags_unknown if {
	some settings in _settings
	some f in lib.block_entries(settings.value, _n.flags, settings.path)
	_unknown(f.value)
}

_flags_unknown if {
	some settings in _settings
	some f in lib.block_entries(settings.value, _n.flags, settings.path)
	_unknown(f.value.name)
}

_missing_msg := sprintf(
	"The PostgreSQL instance does not set the database flag log_disconnections, which is off by default. Without log_disconnections the server does not record when sessions end and how long they lasted, which an investigation needs to tell what a connection could have done. Add a %s entry with name \"log_disconnections\" and value \"on\".",
	[_n.flags],
)

# No database_flags at all: add one (a block in Terraform, a list item in Pulumi).
deny contains result if {
	_applies
	_missing
	some settings in _settings
	not lib.has_key(settings.value, _n.flags)
	path := sprintf("%s/%s", [settings.path, _n.flags])
	result := {
		"msg": _missing_msg,
		"path": path,
		"fix": [_add_first(path)],
	}
}

_add_first(path) := {"op": "add", "path": path, "value": {"name": "log_disconnections", "value": "on"}, "hcl": "block"} if input.resource.source != "pulumi"

_add_first(path) := {"op": "add", "path": path, "value": [{"name": "log_disconnections", "value": "on"}]} if input.resource.source == "pulumi"

# Other flags, as a list: append one.
deny contains result if {
	_applies
	_missing
	some settings in _settings
	is_array(settings.value[_n.flags])
	path := sprintf("%s/%s", [settings.path, _n.flags])
	result := {
		"msg": _missing_msg,
		"path": path,
		"fix": [{"op": "add", "path": sprintf("%s/-", [path]), "value": {"name": "log_disconnections", "value": "on"}, "hcl": "block"}],
	}
}

# One other flag (a single Terraform block): no fix, the block would have to repeat.
deny contains result if {
	_applies
	_missing
	some settings in _settings
	is_object(settings.value[_n.flags])
	result := {
		"msg": _missing_msg,
		"path": sprintf("%s/%s", [settings.path, _n.flags]),
	}
}
