package vigil.azure.keyvault.key_expiration_test

import data.vigil.azure.keyvault.key_expiration as p
import rego.v1

_in(type, values) := {"resource": {"address": "k", "type": type, "name": "k", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_key_vault_key", object.union({"name": "cmk", "key_type": "RSA", "key_size": 2048, "key_opts": ["wrapKey", "unwrapKey"]}, values))

_pulumi(values) := _in("azure:keyvault/key:Key", object.union({"keyType": "RSA", "keySize": 2048}, values))

test_tf_missing if {
	results := p.deny with input as _tf({})
	{r.path | some r in results} == {"/expiration_date"}
	some r in results
	not r.fix
}

test_tf_null if {
	count(p.deny) == 1 with input as _tf({"expiration_date": null})
}

test_tf_set if {
	count(p.deny) == 0 with input as _tf({"expiration_date": "2027-12-31T00:00:00Z"})
	count(p.deny) == 0 with input as _tf({"expiration_date": "${timeadd(timestamp(), \"8760h\")}"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/expirationDate"} with input as _pulumi({})
	count(p.deny) == 0 with input as _pulumi({"expirationDate": "2027-12-31T00:00:00Z"})
}
