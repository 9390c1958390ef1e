package vigil.gcp.iam.audit_log_exemptions_test

import data.vigil.gcp.iam.audit_log_exemptions as p
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

_paths(results) := {r.path | some r in results}

test_tf_exemptions if {
	results := p.deny with input as _res("google_project_iam_audit_config", "terraform", {"project": "acme", "service": "allServices", "audit_log_config": [
		{"log_type": "ADMIN_READ"},
		{"log_type": "DATA_READ", "exempted_members": ["user:ci@acme.example", "serviceAccount:etl@acme.iam.gserviceaccount.com"]},
	]})
	_paths(results) == {"/audit_log_config/1/exempted_members/0", "/audit_log_config/1/exempted_members/1"}
	some r in results
	contains(r.msg, "DATA_READ")
	contains(r.msg, "allServices")
}

test_tf_none if {
	count(p.deny) == 0 with input as _res("google_project_iam_audit_config", "terraform", {"service": "allServices", "audit_log_config": [{"log_type": "DATA_READ"}, {"log_type": "DATA_WRITE", "exempted_members": []}]})
}

test_pulumi if {
	_paths(p.deny) == {"/auditLogConfigs/0/exemptedMembers/0"} with input as _res("gcp:projects/iAMAuditConfig:IAMAuditConfig", "pulumi", {"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["user:a@acme.example"]}]})
	count(p.deny) == 0 with input as _res("gcp:projects/iAMAuditConfig:IAMAuditConfig", "pulumi", {"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ"}]})
}
