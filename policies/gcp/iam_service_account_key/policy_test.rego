package vigil.gcp.iam.service_account_key_test

import data.vigil.gcp.iam.service_account_key as p
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

test_tf_generated_key if {
	results := p.deny with input as _res("google_service_account_key", "terraform", {"service_account_id": "${google_service_account.ci.name}"})
	{r.path | some r in results} == {""}
}

test_tf_uploaded_key if {
	count(p.deny) == 0 with input as _res("google_service_account_key", "terraform", {"service_account_id": "sa", "public_key_data": "LS0tLS1CRUdJTi..."})
	count(p.deny) == 0 with input as _res("google_service_account_key", "terraform", {"service_account_id": "sa", "public_key_data": "${filebase64(\"key.pem\")}"})
}

test_pulumi if {
	count(p.deny) == 1 with input as _res("gcp:serviceaccount/key:Key", "pulumi", {"serviceAccountId": "${ci.name}"})
	count(p.deny) == 0 with input as _res("gcp:serviceaccount/key:Key", "pulumi", {"serviceAccountId": "${ci.name}", "publicKeyData": "LS0t"})
}
