# METADATA
# title: PostgreSQL flexible servers disable public network access
# description: A PostgreSQL flexible server with public access has an endpoint on the internet guarded only by its firewall rules and passwords, so a broad firewall rule or a weak credential exposes the database to the world. azurerm 4.x and the Pulumi Azure classic provider default public_network_access_enabled to true unless the server is injected into a virtual network (delegated_subnet_id), so a server with neither public_network_access_enabled = false nor a delegated subnet is reported. Put the server in a delegated subnet or behind a private endpoint, and set public_network_access_enabled = false.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_flexible_server#public_network_access_enabled
# custom:
#   id: VGL-AZURE-029
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_postgresql_flexible_server, "azure:postgresql/flexibleServer:FlexibleServer"]
#   controls:
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.4.1"]
package vigil.azure.postgresql.flexible_public_access

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {
	"azurerm_postgresql_flexible_server": {"public": "public_network_access_enabled", "subnet": "delegated_subnet_id"},
	"azure:postgresql/flexibleServer:FlexibleServer": {"public": "publicNetworkAccessEnabled", "subnet": "delegatedSubnetId"},
}

_n := _names[input.resource.type]

_vnet_injected if {
	subnet := _values[_n.subnet]
	subnet != null
	subnet != ""
}

_op := "replace" if lib.has_key(_values, _n.public)

_op := "add" if not lib.has_key(_values, _n.public)

deny contains result if {
	not _vnet_injected
	not lib.is_false(object.get(_values, _n.public, true))
	path := sprintf("/%s", [_n.public])
	op := _op
	result := {
		"msg": sprintf(
			"PostgreSQL flexible server \"%s\" is reachable from public networks (%s is true or left at its default, and no %s is set), guarded only by firewall rules and passwords. Use a delegated subnet or a private endpoint and set %s = false.",
			[input.resource.name, _n.public, _n.subnet, _n.public],
		),
		"path": path,
		"fix": [{"op": op, "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
