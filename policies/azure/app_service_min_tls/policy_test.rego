package vigil.azure.appservice.min_tls_test

import data.vigil.azure.appservice.min_tls as p
import rego.v1

_in(type, values) := {"resource": {"address": "app", "type": type, "name": "app", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_weak if {
	results := p.deny with input as _in("azurerm_linux_web_app", {"site_config": {"minimum_tls_version": "1.0"}})
	_paths(results) == {"/site_config/minimum_tls_version"}
	some r in results
	r.fix == [{"op": "replace", "path": "/site_config/minimum_tls_version", "value": "1.2"}]
	_paths(p.deny) == {"/site_config/scm_minimum_tls_version"} with input as _in("azurerm_windows_function_app", {"site_config": {"scm_minimum_tls_version": "1.1"}})
	_paths(p.deny) == {"/site_config/0/min_tls_version"} with input as _in("azurerm_app_service", {"site_config": [{"min_tls_version": 1.0}]})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"site_config": {}})
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {})
	count(p.deny) == 0 with input as _in("azurerm_linux_web_app", {"site_config": {"minimum_tls_version": "1.2", "scm_minimum_tls_version": "1.3"}})
}

test_pulumi if {
	_paths(p.deny) == {"/siteConfig/minimumTlsVersion"} with input as _in("azure:appservice/linuxWebApp:LinuxWebApp", {"siteConfig": {"minimumTlsVersion": "1.1"}})
	count(p.deny) == 0 with input as _in("azure:appservice/linuxWebApp:LinuxWebApp", {"siteConfig": {"minimumTlsVersion": "1.2"}})
}
