package vigil.azure.appservice.https_only_test

import data.vigil.azure.appservice.https_only as p
import rego.v1

_in(type, values) := {"resource": {"address": "app", "type": type, "name": "app", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _in("azurerm_linux_web_app", {"name": "web", "site_config": {}})
	_paths(results) == {"/https_only"}
	some r in results
	r.fix == [{"op": "add", "path": "/https_only", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false_each_type if {
	every t in ["azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_function_app"] {
		_paths(p.deny) == {"/https_only"} with input as _in(t, {"https_only": false})
	}
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"https_only": true})
	count(p.deny) == 0 with input as _in("azurerm_windows_function_app", {"https_only": "true"})
}

test_pulumi if {
	_paths(p.deny) == {"/httpsOnly"} with input as _in("azure:appservice/linuxWebApp:LinuxWebApp", {})
	_paths(p.deny) == {"/httpsOnly"} with input as _in("azure:appservice/functionApp:FunctionApp", {"httpsOnly": false})
	count(p.deny) == 0 with input as _in("azure:appservice/windowsWebApp:WindowsWebApp", {"httpsOnly": true})
}
