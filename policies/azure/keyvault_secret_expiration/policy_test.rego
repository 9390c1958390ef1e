package vigil.azure.keyvault.secret_expiration_test

import data.vigil.azure.keyvault.secret_expiration as p
import rego.v1

_in(type, values) := {"resource": {"address": "s", "type": type, "name": "s", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_key_vault_secret", object.union({"name": "db-password", "value": "x"}, values))

_pulumi(values) := _in("azure:keyvault/secret:Secret", object.union({"value": "x"}, values))

test_tf_missing if {
	results := p.deny with input as _tf({})
	{r.path | some r in results} == {"/expiration_date"}
	some r in results
	not r.fix
}

test_tf_set if {
	count(p.deny) == 0 with input as _tf({"expiration_date": "2027-12-31T00:00:00Z"})
	count(p.deny) == 0 with input as _tf({"expiration_date": "${time_offset.expiry.rfc3339}"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/expirationDate"} with input as _pulumi({})
	count(p.deny) == 0 with input as _pulumi({"expirationDate": "2027-12-31T00:00:00Z"})
}
