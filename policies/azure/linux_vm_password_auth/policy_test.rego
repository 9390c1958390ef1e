package vigil.azure.compute.linux_vm_password_auth_test

import data.vigil.azure.compute.linux_vm_password_auth as p
import rego.v1

_in(type, values) := {"resource": {"address": "vm", "type": type, "name": "vm", "mode": "managed", "values": values, "references": {}, "unknown": []}}

_paths(results) := {r.path | some r in results}

test_tf_false if {
	results := p.deny with input as _in("azurerm_linux_virtual_machine", {"disable_password_authentication": false, "admin_password": "x"})
	_paths(results) == {"/disable_password_authentication"}
	some r in results
	r.fix == [{"op": "replace", "path": "/disable_password_authentication", "value": true}]
	_paths(p.deny) == {"/disable_password_authentication"} with input as _in("azurerm_linux_virtual_machine_scale_set", {"disable_password_authentication": "false"})
}

test_tf_legacy if {
	_paths(p.deny) == {"/os_profile_linux_config/disable_password_authentication"} with input as _in("azurerm_virtual_machine", {"os_profile_linux_config": {"disable_password_authentication": false}})
	count(p.deny) == 0 with input as _in("azurerm_virtual_machine", {"os_profile_linux_config": {"disable_password_authentication": true}})
	count(p.deny) == 0 with input as _in("azurerm_virtual_machine", {"os_profile_windows_config": {}})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("azurerm_linux_virtual_machine", {})
	count(p.deny) == 0 with input as _in("azurerm_linux_virtual_machine", {"disable_password_authentication": true})
}

test_pulumi if {
	_paths(p.deny) == {"/disablePasswordAuthentication"} with input as _in("azure:compute/linuxVirtualMachine:LinuxVirtualMachine", {"disablePasswordAuthentication": false})
	count(p.deny) == 0 with input as _in("azure:compute/linuxVirtualMachine:LinuxVirtualMachine", {})
}
