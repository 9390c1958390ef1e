# METADATA
# title: Compute instances do not run as the default service account
# description: The Compute Engine default service account is shared by every instance that does not name another one, and it is granted the project-wide Editor role unless an organization policy prevents it, so a compromised instance can act with far more than its workload needs and cannot be told apart from the others in audit logs. This flags instances and instance templates whose service_account block (serviceAccount in Pulumi) leaves email out, sets it to "default", or names the PROJECT_NUMBER-compute@developer.gserviceaccount.com account. Instances without a service_account block have no service account and are not reported. Create a dedicated service account per workload with only the roles it needs.
# related_resources:
#   - https://cloud.google.com/compute/docs/access/service-accounts#default_service_account
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#service_account
# custom:
#   id: VGL-GCP-041
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_compute_instance
#     - google_compute_instance_template
#     - google_compute_region_instance_template
#     - google_compute_instance_from_template
#     - "gcp:compute/instance:Instance"
#     - "gcp:compute/instanceTemplate:InstanceTemplate"
#     - "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate"
#     - "gcp:compute/instanceFromTemplate:InstanceFromTemplate"
#   controls:
#     CIS-GCP-Foundations-3.0: ["4.1"]
#     NIST-800-53-r5: ["AC-6", "IA-2"]
#     PCI-DSS-4.0: ["7.2.2"]
#   aliases: [CKV_GCP_30]
package vigil.gcp.compute.default_service_account

import data.vigil.lib
import rego.v1

_types := {
	"google_compute_instance",
	"google_compute_instance_template",
	"google_compute_region_instance_template",
	"google_compute_instance_from_template",
	"gcp:compute/instance:Instance",
	"gcp:compute/instanceTemplate:InstanceTemplate",
	"gcp:compute/regionInstanceTemplate:RegionInstanceTemplate",
	"gcp:compute/instanceFromTemplate:InstanceFromTemplate",
}

_block := "serviceAccount" if input.resource.source == "pulumi"

_block := "service_account" if input.resource.source != "pulumi"

_no_email(sa) if object.get(sa, "email", null) in {null, ""}

_named_default(sa) if sa.email == "default"

_named_default(sa) if {
	is_string(sa.email)
	regex.match(`^[0-9]+-compute@developer\.gserviceaccount\.com$`, trim_space(sa.email))
}

deny contains result if {
	input.resource.type in _types
	some block in lib.block_entries(input.resource.values, _block, "")
	is_object(block.value)
	_no_email(block.value)
	result := {
		"msg": sprintf("The %s block sets no email, so the instance runs as the Compute Engine default service account, which usually holds the project-wide Editor role. Create a dedicated service account with only the roles this workload needs and set its email.", [_block]),
		"path": sprintf("%s/email", [block.path]),
	}
}

deny contains result if {
	input.resource.type in _types
	some block in lib.block_entries(input.resource.values, _block, "")
	is_object(block.value)
	_named_default(block.value)
	result := {
		"msg": sprintf("The instance runs as the Compute Engine default service account (%s), which usually holds the project-wide Editor role. Create a dedicated service account with only the roles this workload needs.", [block.value.email]),
		"path": sprintf("%s/email", [block.path]),
	}
}
