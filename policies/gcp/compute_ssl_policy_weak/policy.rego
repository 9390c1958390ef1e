# METADATA
# title: Load balancer SSL policies allow only TLS 1.2 and strong ciphers
# description: An SSL policy decides which TLS versions and cipher suites HTTPS and SSL proxy load balancers accept. The provider's defaults (min_tls_version "TLS_1_0", profile "COMPATIBLE") accept TLS 1.0 and 1.1 and RSA key exchange and CBC-mode suites that current guidance retires, so a client can be made to negotiate weak protection. This flags google_compute_ssl_policy (gcp:compute:SSLPolicy in Pulumi) whose minimum version is below TLS 1.2 or left out, whose profile is COMPATIBLE or left out, or whose CUSTOM features include the RSA key exchange or 3DES suites. A RESTRICTED profile only offers TLS 1.2 suites and is accepted with any minimum. Use profile MODERN (or RESTRICTED) with min_tls_version "TLS_1_2".
# related_resources:
#   - https://cloud.google.com/load-balancing/docs/ssl-policies-concepts
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_ssl_policy
# custom:
#   id: VGL-GCP-043
#   severity: medium
#   enforcement: advisory
#   resources: [google_compute_ssl_policy, "gcp:compute/sSLPolicy:SSLPolicy"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["3.9"]
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_GCP_4]
package vigil.gcp.compute.ssl_policy_weak

import rego.v1

_names := {
	"google_compute_ssl_policy": {"min": "min_tls_version", "features": "custom_features"},
	"gcp:compute/sSLPolicy:SSLPolicy": {"min": "minTlsVersion", "features": "customFeatures"},
}

_n := _names[input.resource.type]

_values := input.resource.values

_profile := object.get(_values, "profile", null)

_restricted if _profile == "RESTRICTED"

_unknown(x) if {
	is_string(x)
	contains(x, "${")
}

_weak_features := {
	"TLS_RSA_WITH_AES_128_GCM_SHA256",
	"TLS_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_RSA_WITH_AES_128_CBC_SHA",
	"TLS_RSA_WITH_AES_256_CBC_SHA",
	"TLS_RSA_WITH_3DES_EDE_CBC_SHA",
}

# Minimum TLS version below 1.2, written or by default.
deny contains result if {
	_n
	not _restricted
	not _unknown(_profile)
	v := _values[_n.min]
	v in {"TLS_1_0", "TLS_1_1"}
	path := sprintf("/%s", [_n.min])
	result := {
		"msg": sprintf("%s is %s: clients can negotiate TLS 1.0 or 1.1, which current guidance retires. Set it to \"TLS_1_2\".", [_n.min, v]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "TLS_1_2"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_n
	not _restricted
	not _unknown(_profile)
	object.get(_values, _n.min, null) == null
	path := sprintf("/%s", [_n.min])
	result := {
		"msg": sprintf("The SSL policy does not set %s, which defaults to TLS_1_0: clients can negotiate TLS 1.0 or 1.1, which current guidance retires. Set it to \"TLS_1_2\".", [_n.min]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": "TLS_1_2"}],
		"fix_safety": "unsafe",
	}
}

# The COMPATIBLE profile, written or by default.
deny contains result if {
	_n
	_profile == "COMPATIBLE"
	result := {
		"msg": "The SSL policy's profile is COMPATIBLE, which offers RSA key exchange and CBC-mode cipher suites without forward secrecy. Use profile MODERN (or RESTRICTED).",
		"path": "/profile",
		"fix": [{"op": "replace", "path": "/profile", "value": "MODERN"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_n
	_profile == null
	result := {
		"msg": "The SSL policy does not set profile, which defaults to COMPATIBLE and offers RSA key exchange and CBC-mode cipher suites without forward secrecy. Set profile to MODERN (or RESTRICTED).",
		"path": "/profile",
		"fix": [{"op": "add", "path": "/profile", "value": "MODERN"}],
		"fix_safety": "unsafe",
	}
}

# CUSTOM profiles with weak suites.
deny contains result if {
	_n
	_profile == "CUSTOM"
	features := _values[_n.features]
	is_array(features)
	some i, feature in features
	feature in _weak_features
	result := {
		"msg": sprintf("The SSL policy enables %s, a cipher suite with RSA key exchange (no forward secrecy)%s. Remove it.", [feature, _3des(feature)]),
		"path": sprintf("/%s/%d", [_n.features, i]),
	}
}

_3des(feature) := " and 3DES" if contains(feature, "3DES")

_3des(feature) := "" if not contains(feature, "3DES")
