# METADATA
# title: Resources carry an Owner tag
# description: Every taggable AWS resource names the team that owns it, so that costs and incidents reach someone.
# custom:
#   id: ACME-TAG-001
#   severity: low
#   enforcement: advisory
#   resources: [aws_s3_bucket, aws_db_instance, aws_kms_key, aws_security_group]
package acme.tagging.owner

import rego.v1

deny contains result if {
	input.resource.source == "terraform"
	tags := object.get(input.resource.values, "tags", {})
	not tags.Owner
	not vigil.is_unknown(tags)
	result := {
		"msg": sprintf("%s has no Owner tag: add tags = { Owner = \"<team>\" } so that costs and incidents reach its owners.", [input.resource.address]),
		"path": "/tags/Owner",
	}
}
