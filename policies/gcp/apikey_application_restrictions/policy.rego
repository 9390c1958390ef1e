# METADATA
# title: API keys are restricted to specific websites, addresses or apps
# description: An API key without application restrictions works from anywhere, so whoever finds it in a web page, an app bundle or a repository can use it as if they were the application. google_apikeys_key has none unless restrictions sets browser_key_restrictions, server_key_restrictions, android_key_restrictions or ios_key_restrictions (their lowerCamelCase names in Pulumi). This flags keys with none, and restrictions that allow everything - a referrer of * or .* or an allowed IP of 0.0.0.0/0 or ::/0. Restrict browser keys to your sites, server keys to your egress addresses, and mobile keys to your app identifiers.
# related_resources:
#   - https://cloud.google.com/api-keys/docs/add-restrictions-api-keys#adding_client_restrictions
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/apikeys_key
# custom:
#   id: VGL-GCP-052
#   severity: medium
#   enforcement: advisory
#   resources: [google_apikeys_key, "gcp:projects/apiKey:ApiKey"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["1.13"]
#     NIST-800-53-r5: ["AC-3", "IA-5"]
package vigil.gcp.apikeys.application_restrictions

import data.vigil.lib
import rego.v1

_names := {
	"google_apikeys_key": {
		"kinds": ["browser_key_restrictions", "server_key_restrictions", "android_key_restrictions", "ios_key_restrictions"],
		"browser": "browser_key_restrictions", "referrers": "allowed_referrers",
		"server": "server_key_restrictions", "ips": "allowed_ips",
	},
	"gcp:projects/apiKey:ApiKey": {
		"kinds": ["browserKeyRestrictions", "serverKeyRestrictions", "androidKeyRestrictions", "iosKeyRestrictions"],
		"browser": "browserKeyRestrictions", "referrers": "allowedReferrers",
		"server": "serverKeyRestrictions", "ips": "allowedIps",
	},
}

_n := _names[input.resource.type]

_restrictions := r if {
	r := input.resource.values.restrictions
	is_object(r)
}

_restrictions := {} if not is_object(input.resource.values.restrictions)

_has_client_restriction if {
	some kind in _n.kinds
	object.get(_restrictions, kind, null) != null
}

# Restrictions that are only known after apply (a dynamic block) are not reported.
_unknown_restrictions if {
	r := input.resource.values.restrictions
	is_string(r)
	contains(r, "${")
}

deny contains result if {
	_n
	not _has_client_restriction
	not _unknown_restrictions
	result := {
		"msg": sprintf("The API key has no application restrictions (%s), so it works from anywhere for whoever finds it. Restrict it to your websites, server addresses or app identifiers.", [concat(", ", _n.kinds)]),
		"path": "/restrictions",
	}
}

_open_referrer(x) if {
	is_string(x)
	trim_space(x) in {"*", ".*", "*.*", "http://*", "https://*"}
}

deny contains result if {
	_n
	referrers := object.get(_restrictions, [_n.browser, _n.referrers], null)
	is_array(referrers)
	some i, referrer in referrers
	_open_referrer(referrer)
	result := {
		"msg": sprintf("The API key's allowed referrers include %s, which matches every website. List only your own sites.", [referrer]),
		"path": sprintf("/restrictions/%s/%s/%d", [_n.browser, _n.referrers, i]),
	}
}

deny contains result if {
	_n
	ips := object.get(_restrictions, [_n.server, _n.ips], null)
	is_array(ips)
	some i, ip in ips
	is_string(ip)
	trim_space(ip) in {"0.0.0.0/0", "::/0"}
	result := {
		"msg": sprintf("The API key's allowed IPs include %s, which matches every address. List only your servers' egress addresses.", [ip]),
		"path": sprintf("/restrictions/%s/%s/%d", [_n.server, _n.ips, i]),
	}
}
