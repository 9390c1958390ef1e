package vigil.azure.appservice.ftps_test

import data.vigil.azure.appservice.ftps as p
import rego.v1

_in(type, values) := {"resource": {"address": "app", "type": type, "name": "app", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_all_allowed if {
	results := p.deny with input as _in("azurerm_linux_web_app", {"site_config": {"ftps_state": "AllAllowed"}})
	_paths(results) == {"/site_config/ftps_state"}
	some r in results
	r.fix == [{"op": "replace", "path": "/site_config/ftps_state", "value": "FtpsOnly"}]
	_paths(p.deny) == {"/site_config/0/ftps_state"} with input as _in("azurerm_app_service", {"site_config": [{"ftps_state": "AllAllowed"}]})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"site_config": {}})
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"site_config": {"ftps_state": "Disabled"}})
	count(p.deny) == 0 with input as _in("azurerm_windows_function_app", {"site_config": {"ftps_state": "FtpsOnly"}})
}

test_pulumi if {
	_paths(p.deny) == {"/siteConfig/ftpsState"} with input as _in("azure:appservice/windowsWebApp:WindowsWebApp", {"siteConfig": {"ftpsState": "AllAllowed"}})
	count(p.deny) == 0 with input as _in("azure:appservice/windowsWebApp:WindowsWebApp", {"siteConfig": {"ftpsState": "Disabled"}})
}
