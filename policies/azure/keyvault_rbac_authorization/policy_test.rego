package vigil.azure.keyvault.rbac_authorization_test

import data.vigil.azure.keyvault.rbac_authorization as p
import rego.v1

_in(type, values) := {"resource": {"address": "kv", "type": type, "name": "kv", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _in("azurerm_key_vault", {"sku_name": "standard"})
	_paths(results) == {"/rbac_authorization_enabled"}
	some r in results
	not r.fix
}

test_tf_false if {
	_paths(p.deny) == {"/enable_rbac_authorization"} with input as _in("azurerm_key_vault", {"enable_rbac_authorization": false})
	_paths(p.deny) == {"/rbac_authorization_enabled"} with input as _in("azurerm_key_vault", {"rbac_authorization_enabled": "false"})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_key_vault", {"rbac_authorization_enabled": true})
	count(p.deny) == 0 with input as _in("azurerm_key_vault", {"enable_rbac_authorization": true})
	count(p.deny) == 0 with input as _in("azurerm_key_vault", {"enable_rbac_authorization": "${var.rbac}"})
}

test_pulumi if {
	_paths(p.deny) == {"/rbacAuthorizationEnabled"} with input as _in("azure:keyvault/keyVault:KeyVault", {})
	count(p.deny) == 0 with input as _in("azure:keyvault/keyVault:KeyVault", {"enableRbacAuthorization": true})
}
