# METADATA
# title: S3 bucket ACLs do not grant access to everyone
# description: A canned ACL such as public-read, public-read-write or authenticated-read, or a grant to the AllUsers or AuthenticatedUsers group, opens the bucket to anyone with an AWS account or to the whole internet. Keep bucket ACLs private and share data through scoped bucket policies.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
# custom:
#   id: VGL-AWS-S3-001
#   severity: high
#   enforcement: mandatory
#   resources: [aws_s3_bucket, aws_s3_bucket_acl, "AWS::S3::Bucket", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/bucketAclV2:BucketAclV2"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.1.4"]
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["1.4.4", "7.2.1"]
#   aliases: [CKV_AWS_20, CKV_AWS_57, AWS-0092]
package vigil.aws.s3.public_acl

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

# What each public canned ACL allows, by its Terraform and CloudFormation spelling.
_public_acls := {
	"public-read": "anyone on the internet can list and read the bucket",
	"public-read-write": "anyone on the internet can list, read and write the bucket",
	"authenticated-read": "any AWS account holder can list and read the bucket",
	"PublicRead": "anyone on the internet can list and read the bucket",
	"PublicReadWrite": "anyone on the internet can list, read and write the bucket",
	"AuthenticatedRead": "any AWS account holder can list and read the bucket",
}

_public_canned_acls := {"public-read", "public-read-write", "authenticated-read"}

_public_cfn_acls := {"PublicRead", "PublicReadWrite", "AuthenticatedRead"}

_public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers": "anyone on the internet",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account holder",
}

# ---------------------------------------------------------------------------
# Terraform: canned ACL on aws_s3_bucket (provider < 4) or aws_s3_bucket_acl.

deny contains result if {
	_tf
	input.resource.type in {"aws_s3_bucket", "aws_s3_bucket_acl"}
	acl := input.resource.values.acl
	acl in _public_canned_acls
	result := {
		"msg": sprintf("S3 bucket ACL is %q: %s. Use acl = \"private\" and grant access through a bucket policy instead.", [acl, _public_acls[acl]]),
		"path": "/acl",
		"fix": [{"op": "replace", "path": "/acl", "value": "private"}],
		"fix_safety": "unsafe",
	}
}

# Terraform: inline grant block of aws_s3_bucket (provider < 4).
deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket"
	some grant in lib.block_entries(input.resource.values, "grant", "")
	who := _public_groups[grant.value.uri]
	result := {
		"msg": sprintf("S3 bucket ACL has a grant to the group %s, that is to %s. Remove the grant and share data through a bucket policy instead.", [grant.value.uri, who]),
		"path": sprintf("%s/uri", [grant.path]),
	}
}

# Terraform: access_control_policy grants of aws_s3_bucket_acl.
deny contains result if {
	_tf
	input.resource.type == "aws_s3_bucket_acl"
	some policy in lib.block_entries(input.resource.values, "access_control_policy", "")
	some grant in lib.block_entries(policy.value, "grant", policy.path)
	some grantee in lib.block_entries(grant.value, "grantee", grant.path)
	who := _public_groups[grantee.value.uri]
	result := {
		"msg": sprintf("S3 bucket ACL has a grant to the group %s, that is to %s. Remove the grant and share data through a bucket policy instead.", [grantee.value.uri, who]),
		"path": sprintf("%s/uri", [grantee.path]),
	}
}

# ---------------------------------------------------------------------------
# CloudFormation: AWS::S3::Bucket AccessControl.

deny contains result if {
	_cfn
	input.resource.type == "AWS::S3::Bucket"
	acl := input.resource.values.AccessControl
	acl in _public_cfn_acls
	result := {
		"msg": sprintf("S3 bucket AccessControl is %s: %s. Use Private and grant access through a bucket policy instead.", [acl, _public_acls[acl]]),
		"path": "/AccessControl",
		"fix": [{"op": "replace", "path": "/AccessControl", "value": "Private"}],
		"fix_safety": "unsafe",
	}
}

# ---------------------------------------------------------------------------
# Pulumi (AWS provider v6): acl and grants of a bucket, or a BucketAclV2.

deny contains result if {
	_pulumi
	acl := input.resource.values.acl
	acl in _public_canned_acls
	result := {
		"msg": sprintf("S3 bucket ACL is %q: %s. Use acl: private and grant access through a bucket policy instead.", [acl, _public_acls[acl]]),
		"path": "/acl",
		"fix": [{"op": "replace", "path": "/acl", "value": "private"}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_pulumi
	some i, grant in input.resource.values.grants
	who := _public_groups[grant.uri]
	result := {
		"msg": sprintf("S3 bucket ACL has a grant to the group %s, that is to %s. Remove the grant and share data through a bucket policy instead.", [grant.uri, who]),
		"path": sprintf("/grants/%d/uri", [i]),
	}
}
