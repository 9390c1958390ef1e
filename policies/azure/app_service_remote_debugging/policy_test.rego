package vigil.azure.appservice.remote_debugging_test

import data.vigil.azure.appservice.remote_debugging as p
import rego.v1

_in(type, values) := {"resource": {"address": "app", "type": type, "name": "app", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_enabled if {
	results := p.deny with input as _in("azurerm_linux_web_app", {"site_config": {"remote_debugging_enabled": true}})
	_paths(results) == {"/site_config/remote_debugging_enabled"}
	some r in results
	r.fix == [{"op": "replace", "path": "/site_config/remote_debugging_enabled", "value": false}]
	_paths(p.deny) == {"/site_config/0/remote_debugging_enabled"} with input as _in("azurerm_app_service", {"site_config": [{"remote_debugging_enabled": "true"}]})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"site_config": {}})
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"site_config": {"remote_debugging_enabled": false}})
}

test_pulumi if {
	_paths(p.deny) == {"/siteConfig/remoteDebuggingEnabled"} with input as _in("azure:appservice/windowsWebApp:WindowsWebApp", {"siteConfig": {"remoteDebuggingEnabled": true}})
	count(p.deny) == 0 with input as _in("azure:appservice/windowsWebApp:WindowsWebApp", {"siteConfig": {}})
}
