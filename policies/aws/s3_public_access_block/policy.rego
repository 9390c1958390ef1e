# METADATA
# title: S3 Block Public Access settings are not turned off
# description: Block Public Access is the guard rail that stops ACLs and bucket policies from making data public by mistake. Turning any of its four settings off lets a single careless ACL or policy expose the bucket. New buckets have all four on by default, so only settings explicitly set to false are reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
# custom:
#   id: VGL-AWS-S3-005
#   severity: medium
#   enforcement: advisory
#   resources: [aws_s3_bucket_public_access_block, aws_s3_account_public_access_block, "AWS::S3::Bucket", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.1.4"]
#     NIST-800-53-r5: ["AC-3", "AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.4.4"]
#   aliases: [CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56, AWS-0086, AWS-0087, AWS-0091, AWS-0093]
package vigil.aws.s3.public_access_block

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

# What each setting guards against, by its Terraform and CloudFormation name.
_settings := {
	"block_public_acls": "new public ACLs are accepted",
	"ignore_public_acls": "existing public ACLs take effect",
	"block_public_policy": "public bucket policies are accepted",
	"restrict_public_buckets": "a public bucket policy grants access to anyone",
}

_cfn_settings := {
	"BlockPublicAcls": "new public ACLs are accepted",
	"IgnorePublicAcls": "existing public ACLs take effect",
	"BlockPublicPolicy": "public bucket policies are accepted",
	"RestrictPublicBuckets": "a public bucket policy grants access to anyone",
}

# Terraform: aws_s3_bucket_public_access_block and aws_s3_account_public_access_block.
# A missing setting also means false there, but only explicit false is reported: the
# resource is often written for a subset on purpose, and bucket defaults block anyway.
deny contains result if {
	_tf
	input.resource.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some name, effect in _settings
	lib.is_false(input.resource.values[name])
	path := sprintf("/%s", [name])
	result := {
		"msg": sprintf("S3 Block Public Access setting %s is false: %s, so buckets can be made public by mistake. Set it to true unless the bucket must be public.", [name, effect]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

# CloudFormation: AWS::S3::Bucket PublicAccessBlockConfiguration.
deny contains result if {
	_cfn
	input.resource.type == "AWS::S3::Bucket"
	some name, effect in _cfn_settings
	lib.is_false(input.resource.values.PublicAccessBlockConfiguration[name])
	path := sprintf("/PublicAccessBlockConfiguration/%s", [name])
	result := {
		"msg": sprintf("S3 Block Public Access setting %s is false: %s, so buckets can be made public by mistake. Set it to true unless the bucket must be public.", [name, effect]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

# Pulumi YAML: aws:s3:BucketPublicAccessBlock and aws:s3:AccountPublicAccessBlock.
_pulumi_settings := {
	"blockPublicAcls": "new public ACLs are accepted",
	"ignorePublicAcls": "existing public ACLs take effect",
	"blockPublicPolicy": "public bucket policies are accepted",
	"restrictPublicBuckets": "a public bucket policy grants access to anyone",
}

deny contains result if {
	input.resource.source == "pulumi"
	input.resource.type in {"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"}
	some name, effect in _pulumi_settings
	lib.is_false(input.resource.values[name])
	path := sprintf("/%s", [name])
	result := {
		"msg": sprintf("S3 Block Public Access setting %s is false: %s, so buckets can be made public by mistake. Set %s: true unless the bucket must be public.", [name, effect, name]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}
