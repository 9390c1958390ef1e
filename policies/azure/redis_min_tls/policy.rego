# METADATA
# title: Azure Cache for Redis requires TLS 1.2 or later
# description: TLS 1.0 and 1.1 have known weaknesses and are no longer supported by Azure Cache for Redis; a cache whose minimum TLS version is one of them lets clients negotiate them, exposing the access key and cached data. azurerm (3.0 and later) and the Pulumi Azure classic provider default minimum_tls_version to "1.2", so a cache that leaves it out is not reported; only an explicit "1.0" or "1.1" is. Set minimum_tls_version to "1.2".
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-cache-for-redis/cache-remove-tls-10-11
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/redis_cache#minimum_tls_version
# custom:
#   id: VGL-AZURE-035
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_redis_cache, "azure:redis/cache:Cache"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
package vigil.azure.redis.min_tls

import rego.v1

_key := {"azurerm_redis_cache": "minimum_tls_version", "azure:redis/cache:Cache": "minimumTlsVersion"}

_text(v) := trim_space(v) if is_string(v)

_text(v) := sprintf("%.1f", [v]) if is_number(v)

deny contains result if {
	key := _key[input.resource.type]
	version := input.resource.values[key]
	_text(version) in {"1.0", "1.1"}
	path := sprintf("/%s", [key])
	result := {
		"msg": sprintf(
			"Redis cache \"%s\" sets %s to \"%v\", so clients can connect with a deprecated TLS version that has known weaknesses. Set %s to \"1.2\" (the provider default).",
			[input.resource.name, key, version, key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "1.2"}],
		"fix_safety": "unsafe",
	}
}
