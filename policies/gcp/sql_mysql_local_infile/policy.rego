# METADATA
# title: Cloud SQL for MySQL does not allow LOAD DATA LOCAL
# description: With local_infile on, LOAD DATA LOCAL lets the server ask a client to send any file the client can read, so a malicious or compromised server, or SQL injection in an application, can read files from client machines. Cloud SQL for MySQL 8 leaves local_infile off when the flag is not set, so this flags MySQL instances whose database_flags set it to another value. Database flags are the database_flags blocks of settings (settings.databaseFlags in Pulumi); instances of other engines, and those whose database_version is unknown, are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/mysql/flags
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#database_flags
# custom:
#   id: VGL-GCP-030
#   severity: medium
#   enforcement: advisory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.1.3"]
#     NIST-800-53-r5: ["CM-7"]
#   aliases: [CKV_GCP_50]
package vigil.gcp.sql.mysql_local_infile

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

# A MySQL instance.
_applies if {
	v := input.resource.values[_n.version]
	is_string(v)
	startswith(upper(v), "MYSQL")
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
	f.value.name == "local_infile"
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
		"msg": sprintf("The MySQL database flag local_infile is \"%v\". With local_infile on, LOAD DATA LOCAL lets the server ask a client to send any file the client can read, so a malicious or compromised server, or SQL injection in an application, can read files from client machines. Set it to \"off\".", [v]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "off"}],
		"fix_safety": "unsafe",
	}
}
