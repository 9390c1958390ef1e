package acme.tagging.owner_test

import rego.v1

import data.acme.tagging.owner

test_untagged_bucket_is_flagged if {
	count(owner.deny) == 1 with input as {"resource": {"source": "terraform", "address": "aws_s3_bucket.a", "values": {}}}
}

test_owner_tag_passes if {
	count(owner.deny) == 0 with input as {"resource": {"source": "terraform", "address": "aws_s3_bucket.a", "values": {"tags": {"Owner": "platform"}}}}
}

test_unknown_tags_pass if {
	count(owner.deny) == 0 with input as {"resource": {"source": "terraform", "address": "aws_s3_bucket.a", "values": {"tags": "${local.tags}"}}}
}
