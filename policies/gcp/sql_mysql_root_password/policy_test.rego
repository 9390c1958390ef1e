package vigil.gcp.sql.mysql_root_password_test

import data.vigil.gcp.sql.mysql_root_password as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "x",
	"type": type,
	"name": "x",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

test_tf_root_without_password if {
	results := p.deny with input as _res("google_sql_user", "terraform", {"name": "root", "instance": "main", "host": "%"})
	{r.path | some r in results} == {"/password"}
	count(p.deny) == 1 with input as _res("google_sql_user", "terraform", {"name": "root", "instance": "main", "password": ""})
}

test_tf_not_reported if {
	count(p.deny) == 0 with input as _res("google_sql_user", "terraform", {"name": "root", "instance": "main", "password": "${random_password.root.result}"})
	count(p.deny) == 0 with input as _res("google_sql_user", "terraform", {"name": "root", "instance": "main", "password_wo": "${var.root_password}"})
	count(p.deny) == 0 with input as _res("google_sql_user", "terraform", {"name": "app", "instance": "main"})
	count(p.deny) == 0 with input as _res("google_sql_user", "terraform", {"name": "root", "instance": "main", "type": "CLOUD_IAM_USER"})
}

test_pulumi if {
	count(p.deny) == 1 with input as _res("gcp:sql/user:User", "pulumi", {"name": "root", "instance": "main"})
	count(p.deny) == 0 with input as _res("gcp:sql/user:User", "pulumi", {"name": "root", "instance": "main", "password": "${rootPassword.result}"})
}
