# METADATA
# title: Cloud SQL MySQL root users have a password
# description: A MySQL root user created without a password lets anyone who can reach the instance sign in with full administrative rights, as no credential is asked for. google_sql_user creates a built-in user without a password when password is left out (password in Pulumi's gcp:sql:User as well), so this flags built-in users named root that set no password (and no write-only password_wo). A password read from a variable or a secret store is not reported, whatever its value. Give root a strong password from a secret store, or manage administrators through IAM database authentication.
# related_resources:
#   - https://cloud.google.com/sql/docs/mysql/create-manage-users
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_user
# custom:
#   id: VGL-GCP-062
#   severity: high
#   enforcement: mandatory
#   resources: [google_sql_user, "gcp:sql/user:User"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.1.1"]
#     NIST-800-53-r5: ["IA-5", "AC-2"]
#     PCI-DSS-4.0: ["8.3.1"]
package vigil.gcp.sql.mysql_root_password

import rego.v1

_types := {"google_sql_user", "gcp:sql/user:User"}

_values := input.resource.values

# Built-in users (the default type) sign in with a password.
_built_in if object.get(_values, "type", null) in {null, "", "BUILT_IN"}

_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

_has_password if _set("password")

_has_password if _set("password_wo")

_has_password if _set("passwordWo")

deny contains result if {
	input.resource.type in _types
	_values.name == "root"
	_built_in
	not _has_password
	result := {
		"msg": "The MySQL root user has no password: anyone who can reach the instance can sign in with full administrative rights. Set a strong password from a secret store, or use IAM database authentication for administrators.",
		"path": "/password",
	}
}
