package vigil.azure.keyvault.purge_protection_test

import data.vigil.azure.keyvault.purge_protection as p
import rego.v1

_in(type, values) := {"resource": {"address": "kv", "type": type, "name": "kv", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_tf(values) := _in("azurerm_key_vault", object.union({"name": "kv-app", "sku_name": "standard", "tenant_id": "t"}, values))

_pulumi(values) := _in("azure:keyvault/keyVault:KeyVault", object.union({"skuName": "standard", "tenantId": "t"}, values))

test_tf_missing if {
	results := p.deny with input as _tf({})
	{r.path | some r in results} == {"/purge_protection_enabled"}
	some r in results
	r.fix == [{"op": "add", "path": "/purge_protection_enabled", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	results := p.deny with input as _tf({"purge_protection_enabled": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/purge_protection_enabled", "value": true}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _tf({"purge_protection_enabled": true})
	count(p.deny) == 0 with input as _tf({"purge_protection_enabled": "true"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/purgeProtectionEnabled"} with input as _pulumi({})
	{r.path | some r in p.deny} == {"/purgeProtectionEnabled"} with input as _pulumi({"purgeProtectionEnabled": false})
	count(p.deny) == 0 with input as _pulumi({"purgeProtectionEnabled": true})
}
