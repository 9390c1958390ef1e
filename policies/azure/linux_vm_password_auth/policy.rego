# METADATA
# title: Linux virtual machines use SSH keys instead of passwords
# description: A Linux VM or scale set that allows password authentication over SSH can be brute-forced or accessed with a reused or leaked password, where an SSH key cannot be guessed. azurerm and the Pulumi Azure classic provider default disable_password_authentication to true for azurerm_linux_virtual_machine and azurerm_linux_virtual_machine_scale_set, so only an explicit false is reported (also in the os_profile_linux_config block of the legacy azurerm_virtual_machine, where the attribute is required). Set disable_password_authentication = true and configure admin_ssh_key.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/virtual-machines/linux/create-ssh-keys-detailed
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_virtual_machine#disable_password_authentication
# custom:
#   id: VGL-AZURE-033
#   severity: high
#   enforcement: advisory
#   resources: [azurerm_linux_virtual_machine, azurerm_linux_virtual_machine_scale_set, azurerm_virtual_machine, "azure:compute/linuxVirtualMachine:LinuxVirtualMachine", "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet", "azure:compute/virtualMachine:VirtualMachine"]
#   controls:
#     NIST-800-53-r5: ["IA-2", "IA-5"]
#     PCI-DSS-4.0: ["8.3.1"]
#   aliases: [CKV_AZURE_1, CKV_AZURE_49, CKV_AZURE_149, AZU-0039]
package vigil.azure.compute.linux_vm_password_auth

import data.vigil.lib
import data.vigil.lib.settings
import rego.v1

_msg_tf := "This Linux VM allows SSH password authentication (disable_password_authentication is {value}), so it can be brute-forced or entered with a leaked password. Set disable_password_authentication = true and configure admin_ssh_key."

_msg_pulumi := "This Linux VM allows SSH password authentication (disablePasswordAuthentication is {value}), so it can be brute-forced or entered with a leaked password. Set disablePasswordAuthentication: true and configure adminSshKeys."

_specs := [
	{"type": "azurerm_linux_virtual_machine", "path": "/disable_password_authentication", "good": [true], "fix": true, "fix_safety": "unsafe", "msg": _msg_tf},
	{"type": "azurerm_linux_virtual_machine_scale_set", "path": "/disable_password_authentication", "good": [true], "fix": true, "fix_safety": "unsafe", "msg": _msg_tf},
	{"type": "azure:compute/linuxVirtualMachine:LinuxVirtualMachine", "path": "/disablePasswordAuthentication", "good": [true], "fix": true, "fix_safety": "unsafe", "msg": _msg_pulumi},
	{"type": "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet", "path": "/disablePasswordAuthentication", "good": [true], "fix": true, "fix_safety": "unsafe", "msg": _msg_pulumi},
]

deny contains result if some result in settings.check(_specs)

# The legacy azurerm_virtual_machine: os_profile_linux_config { disable_password_authentication }.
_legacy := {
	"azurerm_virtual_machine": ["os_profile_linux_config", "disable_password_authentication"],
	"azure:compute/virtualMachine:VirtualMachine": ["osProfileLinuxConfig", "disablePasswordAuthentication"],
}

deny contains result if {
	keys := _legacy[input.resource.type]
	some entry in lib.block_entries(input.resource.values, keys[0], "")
	lib.is_false(entry.value[keys[1]])
	path := sprintf("%s/%s", [entry.path, keys[1]])
	result := {
		"msg": sprintf(
			"This Linux VM allows SSH password authentication (%s is false), so it can be brute-forced or entered with a leaked password. Set %s to true and configure SSH keys.",
			[keys[1], keys[1]],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}
