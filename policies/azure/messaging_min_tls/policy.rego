# METADATA
# title: Event Hubs and Service Bus namespaces require TLS 1.2 or later
# description: TLS 1.0 and 1.1 have known weaknesses and are being retired across Azure; an Event Hubs or Service Bus namespace whose minimum TLS version is one of them lets clients negotiate them, exposing connection strings, tokens and messages. azurerm and the Pulumi Azure classic provider default minimum_tls_version to "1.2", so a namespace that leaves it out is not reported; only an explicit "1.0" or "1.1" is. Set minimum_tls_version to "1.2".
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/event-hubs/transport-layer-security-configure-minimum-version
#   - https://learn.microsoft.com/en-us/azure/service-bus-messaging/transport-layer-security-configure-minimum-version
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/eventhub_namespace#minimum_tls_version
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/servicebus_namespace#minimum_tls_version
# custom:
#   id: VGL-AZURE-040
#   severity: medium
#   enforcement: advisory
#   resources: [azurerm_eventhub_namespace, azurerm_servicebus_namespace, "azure:eventhub/eventHubNamespace:EventHubNamespace", "azure:servicebus/namespace:Namespace"]
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
package vigil.azure.messaging.min_tls

import rego.v1

_key := "minimumTlsVersion" if startswith(input.resource.type, "azure:")

_key := "minimum_tls_version" if not startswith(input.resource.type, "azure:")

_text(v) := trim_space(v) if is_string(v)

_text(v) := sprintf("%.1f", [v]) if is_number(v)

deny contains result if {
	version := input.resource.values[_key]
	_text(version) in {"1.0", "1.1"}
	path := sprintf("/%s", [_key])
	result := {
		"msg": sprintf(
			"Namespace \"%s\" sets %s to \"%v\", so clients can connect with a deprecated TLS version that has known weaknesses. Set %s to \"1.2\" (the provider default).",
			[input.resource.name, _key, version, _key],
		),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "1.2"}],
		"fix_safety": "unsafe",
	}
}
