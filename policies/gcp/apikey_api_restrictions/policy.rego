# METADATA
# title: API keys are restricted to the APIs they are used for
# description: An API key without API restrictions can call every API enabled in its project, so a key leaked from a web page, a mobile app or a repository can be used against all of them, and billed to the project. google_apikeys_key has no API restrictions unless restrictions.api_targets is set (restrictions.apiTargets in Pulumi); this flags keys without any. List the services (and optionally methods) the application calls in api_targets.
# related_resources:
#   - https://cloud.google.com/api-keys/docs/add-restrictions-api-keys#add-api-restrictions
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/apikeys_key
# custom:
#   id: VGL-GCP-051
#   severity: medium
#   enforcement: advisory
#   resources: [google_apikeys_key, "gcp:projects/apiKey:ApiKey"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["1.14"]
#     NIST-800-53-r5: ["AC-6", "IA-5"]
package vigil.gcp.apikeys.api_restrictions

import rego.v1

_names := {
	"google_apikeys_key": {"targets": "api_targets"},
	"gcp:projects/apiKey:ApiKey": {"targets": "apiTargets"},
}

_n := _names[input.resource.type]

_targets := object.get(input.resource.values, ["restrictions", _n.targets], null)

deny contains result if {
	_n
	_targets in {null, []}
	result := {
		"msg": sprintf("The API key has no restrictions.%s, so it can call every API enabled in the project: a leaked key can be used against all of them. List the services the application calls in %s.", [_n.targets, _n.targets]),
		"path": sprintf("/restrictions/%s", [_n.targets]),
	}
}
