# METADATA
# title: VPC subnets record flow logs
# description: VPC flow logs record a sample of the connections of every VM in a subnet (addresses, ports, bytes), which is what shows lateral movement, data exfiltration or a compromised instance talking to the internet after the fact. A subnet has none unless it has a log_config block (logConfig in Pulumi); the provider's default is no flow logs. This flags subnets without one, except proxy-only, Private Service Connect and Private NAT subnets, which do not support flow logs. Add log_config, for example with aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 0.5 and metadata = "INCLUDE_ALL_METADATA".
# related_resources:
#   - https://cloud.google.com/vpc/docs/using-flow-logs
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_subnetwork#log_config
# custom:
#   id: VGL-GCP-039
#   severity: low
#   enforcement: advisory
#   resources: [google_compute_subnetwork, "gcp:compute/subnetwork:Subnetwork"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["3.8"]
#     NIST-800-53-r5: ["AU-12", "SI-4"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_GCP_26]
package vigil.gcp.vpc.flow_logs

import data.vigil.lib
import rego.v1

_names := {
	"google_compute_subnetwork": {
		"log_config": "log_config",
		"value": {"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"},
	},
	"gcp:compute/subnetwork:Subnetwork": {
		"log_config": "logConfig",
		"value": {"aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"},
	},
}

_n := _names[input.resource.type]

# Only subnets for VMs (the default purpose) have flow logs: not proxy-only, Private
# Service Connect or Private NAT subnets.
_vm_subnet if object.get(input.resource.values, "purpose", null) in {null, "PRIVATE", "PRIVATE_RFC_1918"}

# enable_flow_logs = true: how google provider 2.x and 3.x turned flow logs on.
_legacy_enabled if {
	some key in ["enable_flow_logs", "enableFlowLogs"]
	lib.is_true(input.resource.values[key])
}

_legacy_enabled if {
	some key in ["enable_flow_logs", "enableFlowLogs"]
	v := input.resource.values[key]
	is_string(v)
	contains(v, "${")
}

deny contains result if {
	_n
	_vm_subnet
	not _legacy_enabled
	object.get(input.resource.values, _n.log_config, null) == null
	path := sprintf("/%s", [_n.log_config])
	result := {
		"msg": sprintf("The subnet has no %s, so VPC flow logs are off: there is no record of its VMs' connections to investigate lateral movement or exfiltration with. Add %s (for example 5-second aggregation, 0.5 sampling, all metadata).", [_n.log_config, _n.log_config]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": _n.value}],
	}
}
