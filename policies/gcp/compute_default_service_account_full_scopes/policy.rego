# METADATA
# title: Compute instances do not give the default service account full API access
# description: The Compute Engine default service account is granted the Editor role on the project unless an organization policy prevents it. With the cloud-platform scope, every process on the instance (and anyone who compromises it) can use that role against almost every API of the project. This flags instances and instance templates whose service_account block (serviceAccount in Pulumi) uses the default account (email left out, "default", or the PROJECT_NUMBER-compute@developer.gserviceaccount.com address) with the cloud-platform scope. An instance without a service_account block has no service account and is not reported. Create a dedicated service account with only the roles the workload needs, or limit the default account's scopes.
# related_resources:
#   - https://cloud.google.com/compute/docs/access/service-accounts#default_service_account
#   - https://cloud.google.com/compute/docs/access/create-enable-service-accounts-for-instances
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#service_account
# custom:
#   id: VGL-GCP-009
#   severity: high
#   enforcement: mandatory
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
#     CIS-GCP-Foundations-3.0: ["4.2"]
#     NIST-800-53-r5: ["AC-6"]
#     PCI-DSS-4.0: ["7.2.2"]
#   aliases: [CKV_GCP_31]
package vigil.gcp.compute.default_service_account_full_scopes

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

_full_scopes := {"cloud-platform", "https://www.googleapis.com/auth/cloud-platform"}

# The default account: no email, "default", or the default account's address.
_default_account(sa) if not lib.has_key(sa, "email")

_default_account(sa) if sa.email == null

_default_account(sa) if sa.email == ""

_default_account(sa) if sa.email == "default"

_default_account(sa) if {
	is_string(sa.email)
	regex.match(`^[0-9]+-compute@developer\.gserviceaccount\.com$`, trim_space(sa.email))
}

_account_label(sa) := sprintf("the default service account %s", [sa.email]) if {
	is_string(sa.email)
	contains(sa.email, "@")
}

_account_label(sa) := "the default service account" if not _has_address(sa)

_has_address(sa) if {
	is_string(sa.email)
	contains(sa.email, "@")
}

deny contains result if {
	input.resource.type in _types
	some block in lib.block_entries(input.resource.values, _block, "")
	sa := block.value
	is_object(sa)
	_default_account(sa)
	is_array(sa.scopes)
	some i, scope in sa.scopes
	is_string(scope)
	trim_space(scope) in _full_scopes
	result := {
		"msg": sprintf(
			"The instance runs as %s with the cloud-platform scope: any process on it can use the account's project-wide Editor role against almost every API. Use a dedicated service account with only the roles it needs, or narrow the scopes.",
			[_account_label(sa)],
		),
		"path": sprintf("%s/scopes/%d", [block.path, i]),
	}
}
