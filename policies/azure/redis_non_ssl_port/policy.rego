# METADATA
# title: Azure Cache for Redis does not open the non-TLS port
# description: With the non-TLS port (6379) enabled, clients can talk to the cache without encryption, sending the access key and cached data, often sessions and tokens, in clear text. azurerm and the Pulumi Azure classic provider keep the port closed by default (non_ssl_port_enabled in azurerm 4.x, enable_non_ssl_port in 3.x, both false), so only an explicit true is reported. Set it to false and connect over TLS on port 6380.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-cache-for-redis/cache-configure#access-ports
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/redis_cache#non_ssl_port_enabled
# custom:
#   id: VGL-AZURE-034
#   severity: high
#   enforcement: mandatory
#   resources: [azurerm_redis_cache, "azure:redis/cache:Cache"]
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AZURE_91]
package vigil.azure.redis.non_ssl_port

import data.vigil.lib
import rego.v1

# The attribute's spellings: azurerm 4.x and 3.x, Pulumi Azure v6 and v5.
_keys := {
	"azurerm_redis_cache": ["non_ssl_port_enabled", "enable_non_ssl_port"],
	"azure:redis/cache:Cache": ["nonSslPortEnabled", "enableNonSslPort"],
}

deny contains result if {
	some key in _keys[input.resource.type]
	lib.is_true(input.resource.values[key])
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"Redis cache \"%s\" enables the non-TLS port 6379 (%s is true), so the access key and cached data can travel in clear text. Set %s to false and connect over TLS on port 6380.",
			[input.resource.name, key, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
