# METADATA
# title: HTTP(S) load balancer backend services log requests
# description: Request logs of an HTTP(S) load balancer record every request (client address, URL, status, latency), which is what shows an attack on a web application, a credential-stuffing run or data scraping, and what an investigation starts from. Backend services log nothing unless log_config.enable is true (logConfig.enable in Pulumi; the default is false), so this flags backend services of HTTP(S) load balancers (protocol HTTP, HTTPS or HTTP2; HTTP when a global backend service leaves it out) that leave logging off. Set log_config { enable = true }, with a sample_rate that fits the traffic.
# related_resources:
#   - https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_backend_service#log_config
# custom:
#   id: VGL-GCP-061
#   severity: low
#   enforcement: advisory
#   resources:
#     - google_compute_backend_service
#     - google_compute_region_backend_service
#     - "gcp:compute/backendService:BackendService"
#     - "gcp:compute/regionBackendService:RegionBackendService"
#   controls:
#     CIS-GCP-Foundations-3.0: ["2.16"]
#     NIST-800-53-r5: ["AU-2", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
package vigil.gcp.lb.backend_logging

import data.vigil.lib
import rego.v1

_names := {
	"google_compute_backend_service": {"log_config": "log_config", "scheme": "load_balancing_scheme", "default_protocol": "HTTP"},
	"google_compute_region_backend_service": {"log_config": "log_config", "scheme": "load_balancing_scheme", "default_protocol": null},
	"gcp:compute/backendService:BackendService": {"log_config": "logConfig", "scheme": "loadBalancingScheme", "default_protocol": "HTTP"},
	"gcp:compute/regionBackendService:RegionBackendService": {"log_config": "logConfig", "scheme": "loadBalancingScheme", "default_protocol": null},
}

_n := _names[input.resource.type]

_values := input.resource.values

_protocol := object.get(_values, "protocol", null) if object.get(_values, "protocol", null) != null

_protocol := _n.default_protocol if object.get(_values, "protocol", null) == null

# HTTP(S) load balancers; Traffic Director (INTERNAL_SELF_MANAGED) is left out.
_http_lb if {
	_protocol in {"HTTP", "HTTPS", "HTTP2"}
	object.get(_values, _n.scheme, "EXTERNAL") in {"EXTERNAL", "EXTERNAL_MANAGED", "INTERNAL_MANAGED"}
}

_path := sprintf("/%s/enable", [_n.log_config])

deny contains result if {
	_n
	_http_lb
	object.get(_values, [_n.log_config, "enable"], null) == null
	not _unknown_config
	result := {
		"msg": sprintf("The backend service does not enable %s, and request logging is off by default: attacks on the application and scraping leave no record. Set %s.enable to true.", [_n.log_config, _n.log_config]),
		"path": _path,
		"fix": [_add_fix],
	}
}

_unknown_config if {
	v := _values[_n.log_config]
	is_string(v)
}

_add_fix := {"op": "add", "path": _path, "value": true} if is_object(_values[_n.log_config])

_add_fix := {"op": "add", "path": sprintf("/%s", [_n.log_config]), "value": {"enable": true}} if not is_object(_values[_n.log_config])

deny contains result if {
	_n
	_http_lb
	lib.is_false(object.get(_values, [_n.log_config, "enable"], null))
	result := {
		"msg": sprintf("%s.enable is false: attacks on the application and scraping leave no record. Set it to true.", [_n.log_config]),
		"path": _path,
		"fix": [{"op": "replace", "path": _path, "value": true}],
	}
}
