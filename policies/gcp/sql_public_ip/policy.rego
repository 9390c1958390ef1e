# METADATA
# title: Cloud SQL instances do not authorize the whole internet
# description: An authorized network of 0.0.0.0/0 lets any address on the internet open a connection to the instance's public IP, so only the database's own authentication stands between an attacker and the data, and the instance is exposed to password guessing and to any flaw in the database engine. This checks the authorized_networks of settings.ip_configuration in google_sql_database_instance (settings.ipConfiguration.authorizedNetworks in Pulumi's gcp:sql:DatabaseInstance); instances whose public IP is explicitly disabled (ipv4_enabled = false) are not flagged. Authorize only the address ranges that need access, or connect through the Cloud SQL Auth Proxy or language connectors (which need no authorized network) or over private IP.
# related_resources:
#   - https://cloud.google.com/sql/docs/mysql/authorize-networks
#   - https://cloud.google.com/sql/docs/mysql/sql-proxy
#   - https://cloud.google.com/sql/docs/mysql/configure-private-ip
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance
# custom:
#   id: VGL-GCP-004
#   severity: high
#   enforcement: mandatory
#   resources: [google_sql_database_instance, "gcp:sql/databaseInstance:DatabaseInstance"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["6.5"]
#     NIST-800-53-r5: ["AC-3", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1"]
#   aliases: [CKV_GCP_11, GCP-0017]
package vigil.gcp.sql.public_ip

import data.vigil.lib
import rego.v1

_values := input.resource.values

# Attribute names: Terraform, and Pulumi's lowerCamelCase.
_names := {
	"google_sql_database_instance": {"ip_configuration": "ip_configuration", "ipv4_enabled": "ipv4_enabled", "authorized_networks": "authorized_networks"},
	"gcp:sql/databaseInstance:DatabaseInstance": {"ip_configuration": "ipConfiguration", "ipv4_enabled": "ipv4Enabled", "authorized_networks": "authorizedNetworks"},
}

_n := _names[input.resource.type]

_anywhere := "0.0.0.0/0"

# The public IP is not explicitly turned off (ipv4_enabled defaults to true; an unknown
# value does not count as on).
_public_ip(ip_config) if not lib.has_key(ip_config, _n.ipv4_enabled)

_public_ip(ip_config) if ip_config[_n.ipv4_enabled] == null

_public_ip(ip_config) if lib.is_true(ip_config[_n.ipv4_enabled])

_label := sprintf("Cloud SQL instance \"%s\"", [_values.name]) if _known_string(_values.name)

_label := "The Cloud SQL instance" if not _known_string(_values.name)

_known_string(x) if {
	is_string(x)
	x != ""
	not contains(x, "${")
}

_entry_label(network) := sprintf(" (authorized network \"%s\")", [network.name]) if _known_string(network.name)

_entry_label(network) := "" if not _known_string(network.name)

deny contains result if {
	_n
	some settings in lib.block_entries(_values, "settings", "")
	is_object(settings.value)
	some ip_config in lib.block_entries(settings.value, _n.ip_configuration, settings.path)
	is_object(ip_config.value)
	_public_ip(ip_config.value)
	some network in lib.block_entries(ip_config.value, _n.authorized_networks, ip_config.path)
	is_object(network.value)
	cidr := network.value.value
	is_string(cidr)
	trim_space(cidr) == _anywhere
	result := {
		"msg": sprintf(
			"%s authorizes 0.0.0.0/0%s: any address on the internet can connect to its public IP, and only the database's own authentication stands in the way. Authorize only the ranges that need access, or connect through the Cloud SQL Auth Proxy, a connector or private IP.",
			[_label, _entry_label(network.value)],
		),
		"path": sprintf("%s/value", [network.path]),
	}
}
