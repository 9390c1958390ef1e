package vigil.aws.cloudtrail.bucket_public_test

import data.vigil.aws.cloudtrail.bucket_public as p
import data.vigil.lib
import rego.v1

_trail := {
	"address": "aws_cloudtrail.main",
	"type": "aws_cloudtrail",
	"name": "main",
	"mode": "managed",
	"source": "terraform",
	"values": {"name": "main", "s3_bucket_name": "${aws_s3_bucket.logs.id}"},
	"references": {"/s3_bucket_name": ["aws_s3_bucket.logs"]},
	"unknown": ["/s3_bucket_name"],
}

_bucket(acl) := {
	"address": "aws_s3_bucket.logs",
	"type": "aws_s3_bucket",
	"name": "logs",
	"mode": "managed",
	"source": "terraform",
	"values": {"bucket": "acme-trail", "acl": acl},
	"references": {},
	"unknown": [],
}

_acl_resource(acl) := {
	"address": "aws_s3_bucket_acl.logs",
	"type": "aws_s3_bucket_acl",
	"name": "logs",
	"mode": "managed",
	"source": "terraform",
	"values": {"bucket": "${aws_s3_bucket.logs.id}", "acl": acl},
	"references": {"/bucket": ["aws_s3_bucket.logs"]},
	"unknown": ["/bucket"],
}

test_public_inline_acl if {
	results := p.deny with input as {"resource": _trail}
		with data.vigil.stack as lib.stack_of([_trail, _bucket("public-read")])
	count(results) == 1
	some msg in results
	contains(msg, "public-read")
}

test_public_separate_acl_resource if {
	results := p.deny with input as {"resource": _trail}
		with data.vigil.stack as lib.stack_of([_trail, _bucket("private"), _acl_resource("public-read-write")])
	count(results) == 1
}

test_private_bucket if {
	results := p.deny with input as {"resource": _trail}
		with data.vigil.stack as lib.stack_of([_trail, _bucket("private"), _acl_resource("log-delivery-write")])
	count(results) == 0
}

test_another_public_bucket_is_not_the_trails if {
	other := object.union(_bucket("public-read"), {"address": "aws_s3_bucket.site", "name": "site"})
	results := p.deny with input as {"resource": _trail}
		with data.vigil.stack as lib.stack_of([_trail, _bucket("private"), other])
	count(results) == 0
}

test_bucket_named_literally_is_not_joined if {
	# A literal bucket name may be a bucket of another stack: no guess.
	trail := {
		"address": "aws_cloudtrail.main",
		"type": "aws_cloudtrail",
		"name": "main",
		"mode": "managed",
		"source": "terraform",
		"values": {"name": "main", "s3_bucket_name": "acme-trail"},
		"references": {},
		"unknown": [],
	}
	results := p.deny with input as {"resource": trail}
		with data.vigil.stack as lib.stack_of([trail, _bucket("public-read")])
	count(results) == 0
}

test_cfn_public_bucket if {
	trail := {
		"address": "Trail",
		"type": "AWS::CloudTrail::Trail",
		"name": "Trail",
		"mode": "managed",
		"source": "cloudformation",
		"values": {"S3BucketName": "${Ref TrailBucket}"},
		"references": {"/S3BucketName": ["TrailBucket"]},
		"unknown": ["/S3BucketName"],
	}
	bucket := {
		"address": "TrailBucket",
		"type": "AWS::S3::Bucket",
		"name": "TrailBucket",
		"mode": "managed",
		"source": "cloudformation",
		"values": {"AccessControl": "PublicRead"},
		"references": {},
		"unknown": [],
	}
	results := p.deny with input as {"resource": trail} with data.vigil.stack as lib.stack_of([trail, bucket])
	count(results) == 1
}

# --- Pulumi ---------------------------------------------------------------------

_pr(address, type, values, refs) := {
	"address": address, "type": type, "name": address, "mode": "managed",
	"source": "pulumi", "values": values, "references": refs, "unknown": [],
}

_pulumi_trail := _pr("mainTrail", "aws:cloudtrail/trail:Trail", {"s3BucketName": "${trailBucket.id}"}, {"/s3BucketName": ["trailBucket"]})

test_pulumi_public_inline_acl if {
	bucket := _pr("trailBucket", "aws:s3/bucket:Bucket", {"acl": "public-read"}, {})
	results := p.deny with input as {"resource": _pulumi_trail} with data.vigil.stack as lib.stack_of([bucket, _pulumi_trail])
	count(results) == 1
}

test_pulumi_public_acl_resource if {
	bucket := _pr("trailBucket", "aws:s3/bucketV2:BucketV2", {}, {})
	acl := _pr("trailBucketAcl", "aws:s3/bucketAclV2:BucketAclV2", {"bucket": "${trailBucket.id}", "acl": "authenticated-read"}, {"/bucket": ["trailBucket"]})
	count(p.deny) == 1 with input as {"resource": _pulumi_trail} with data.vigil.stack as lib.stack_of([bucket, acl, _pulumi_trail])
}

test_pulumi_private if {
	bucket := _pr("trailBucket", "aws:s3/bucket:Bucket", {"acl": "private"}, {})
	other := _pr("siteBucket", "aws:s3/bucket:Bucket", {"acl": "public-read"}, {})
	count(p.deny) == 0 with input as {"resource": _pulumi_trail} with data.vigil.stack as lib.stack_of([bucket, other, _pulumi_trail])
}
