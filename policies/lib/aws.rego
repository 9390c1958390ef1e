package vigil.lib.aws

# Helpers for the Terraform resources that configure an S3 bucket from outside it
# (aws_s3_bucket_logging, aws_s3_bucket_acl, aws_s3_bucket_versioning, ...), whose
# `bucket` names the bucket by reference or by its literal name. They read no input:
# a policy calls them on lib.stack_resources(...) in rules that read no input either,
# which Vigil computes once per stack instead of once per bucket.

import rego.v1

known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

bucket_value(r) := object.get(object.get(r, "values", {}), "bucket", null)

# r's bucket refers to an aws_s3_bucket: the stack's index of references tells which.
bucket_referenced(r) if {
	some ref in object.get(object.get(r, "references", {}), "/bucket", [])
	regex.match(`(^|\.)aws_s3_bucket\.[^.]+$`, ref)
}

# The literal bucket names that the resources rs name.
bucket_names(rs) := {name |
	some r in rs
	name := bucket_value(r)
	known_string(name)
}

# Some resource of rs names its bucket neither by reference nor by a literal name.
undetermined(rs) if {
	some r in rs
	not bucket_referenced(r)
	not known_string(bucket_value(r))
}

# Some resource of rs names its bucket not by reference (for a bucket whose own name
# is not known, a literal name tells nothing either).
unreferenced(rs) if {
	some r in rs
	not bucket_referenced(r)
}

# Some resource of rs names its bucket neither by a reference of any kind nor by a
# literal name (as Pulumi programs are read: any reference tells which bucket).
unbound(rs) if {
	some r in rs
	count(object.get(object.get(r, "references", {}), "/bucket", [])) == 0
	not known_string(bucket_value(r))
}
