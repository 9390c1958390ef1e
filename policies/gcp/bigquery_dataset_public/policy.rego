# METADATA
# title: BigQuery datasets are not public
# description: A dataset shared with allUsers can be queried by anyone on the internet, and one shared with allAuthenticatedUsers by anyone with any Google account, which is effectively the same. This flags access entries of google_bigquery_dataset (accesses in Pulumi) and google_bigquery_dataset_access whose special_group or iam_member is allUsers or allAuthenticatedUsers, and dataset IAM members and bindings that grant a role to either. Share datasets with specific users, groups, service accounts or authorized views instead.
# related_resources:
#   - https://cloud.google.com/bigquery/docs/control-access-to-resources-iam
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigquery_dataset#access
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigquery_dataset_iam
# custom:
#   id: VGL-GCP-040
#   severity: high
#   enforcement: mandatory
#   resources:
#     - google_bigquery_dataset
#     - google_bigquery_dataset_access
#     - google_bigquery_dataset_iam_member
#     - google_bigquery_dataset_iam_binding
#     - "gcp:bigquery/dataset:Dataset"
#     - "gcp:bigquery/datasetAccess:DatasetAccess"
#     - "gcp:bigquery/datasetIamMember:DatasetIamMember"
#     - "gcp:bigquery/datasetIamBinding:DatasetIamBinding"
#   controls:
#     CIS-GCP-Foundations-3.0: ["7.1"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["7.2.1"]
#   aliases: [CKV_GCP_15]
package vigil.gcp.bigquery.dataset_public

import data.vigil.lib
import rego.v1

_kinds := {
	"google_bigquery_dataset": {"kind": "dataset", "access": "access", "special_group": "special_group", "iam_member": "iam_member"},
	"gcp:bigquery/dataset:Dataset": {"kind": "dataset", "access": "accesses", "special_group": "specialGroup", "iam_member": "iamMember"},
	"google_bigquery_dataset_access": {"kind": "access", "special_group": "special_group", "iam_member": "iam_member"},
	"gcp:bigquery/datasetAccess:DatasetAccess": {"kind": "access", "special_group": "specialGroup", "iam_member": "iamMember"},
	"google_bigquery_dataset_iam_member": {"kind": "member"},
	"gcp:bigquery/datasetIamMember:DatasetIamMember": {"kind": "member"},
	"google_bigquery_dataset_iam_binding": {"kind": "binding"},
	"gcp:bigquery/datasetIamBinding:DatasetIamBinding": {"kind": "binding"},
}

_k := _kinds[input.resource.type]

_public(x) if {
	is_string(x)
	lower(trim_space(x)) in {"allusers", "allauthenticatedusers"}
}

_msg(principal) := sprintf(
	"The dataset is shared with %s: anyone %s can query its tables. Share it with specific users, groups, service accounts or authorized views instead.",
	[trim_space(principal), _who(principal)],
)

_who(principal) := "on the internet, without signing in," if lower(trim_space(principal)) == "allusers"

_who(principal) := "with a Google account" if lower(trim_space(principal)) != "allusers"

# Access entries: on the dataset (a list) or one per resource.
_entries contains entry if {
	_k.kind == "dataset"
	some entry in lib.block_entries(input.resource.values, _k.access, "")
}

_entries contains {"path": "", "value": input.resource.values} if _k.kind == "access"

deny contains result if {
	some entry in _entries
	is_object(entry.value)
	some key in [_k.special_group, _k.iam_member]
	principal := entry.value[key]
	_public(principal)
	result := {"msg": _msg(principal), "path": sprintf("%s/%s", [entry.path, key])}
}

deny contains result if {
	_k.kind == "member"
	member := input.resource.values.member
	_public(member)
	result := {"msg": _msg(member), "path": "/member"}
}

deny contains result if {
	_k.kind == "binding"
	members := input.resource.values.members
	is_array(members)
	some i, member in members
	_public(member)
	result := {"msg": _msg(member), "path": sprintf("/members/%d", [i])}
}
