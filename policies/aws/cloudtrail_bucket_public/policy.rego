# METADATA
# title: The S3 bucket CloudTrail writes to is not public
# description: CloudTrail logs hold the API history of the whole account (who did what, from where, to which resource). When the bucket that receives them has a public canned ACL, anyone can read that history (or, with public-read-write, tamper with it). The trail is reported because it is what makes the bucket sensitive; the fix belongs on the bucket's ACL.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
# custom:
#   id: VGL-AWS-CLOUDTRAIL-004
#   severity: high
#   enforcement: mandatory
#   resources: [aws_cloudtrail, "AWS::CloudTrail::Trail", "aws:cloudtrail/trail:Trail"]
#   controls:
#     NIST-800-53-r5: ["AU-9", "AC-3"]
#     PCI-DSS-4.0: ["10.3.1", "10.3.2"]
package vigil.aws.cloudtrail.bucket_public

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

_public_tf := {"public-read", "public-read-write", "authenticated-read"}

_public_cfn := {"PublicRead", "PublicReadWrite", "AuthenticatedRead"}

_attribute := "s3_bucket_name" if _tf

_attribute := "S3BucketName" if _cfn

_attribute := "s3BucketName" if _pulumi

# The buckets the trail's bucket attribute refers to (by address, as written).
_targets contains address if {
	some address in object.get(object.get(input.resource, "references", {}), sprintf("/%s", [_attribute]), [])
}

_strip_instance(address) := regex.replace(address, `\[[^\]]*\]$`, "")

# A target bucket with a public ACL, inline or in a separate aws_s3_bucket_acl. The
# ACL is tested first: it is one comparison per resource, and rarely public, so the
# address of a bucket is looked at only when its ACL is public. (Still a pass over the
# buckets and ACLs of the stack per trail: the ACL resources of the trail's bucket are
# not resources that refer to the trail, so input_referrers cannot name them.)
_public_acl contains acl if {
	_tf
	some bucket in lib.stack_resources("aws_s3_bucket")
	acl := bucket.values.acl
	acl in _public_tf
	_strip_instance(bucket.address) in _targets
}

_public_acl contains acl if {
	_tf
	some r in lib.stack_resources("aws_s3_bucket_acl")
	acl := r.values.acl
	acl in _public_tf
	some ref in object.get(object.get(r, "references", {}), "/bucket", [])
	ref in _targets
}

_public_acl contains acl if {
	_cfn
	some bucket in lib.stack_resources("AWS::S3::Bucket")
	acl := bucket.values.AccessControl
	acl in _public_cfn
	bucket.address in _targets
}

# Pulumi (AWS provider v6 and v7): the bucket's `acl`, or a separate ACL resource.
_public_acl contains acl if {
	_pulumi
	some bucket in lib.stack_resources("aws:s3/bucket:Bucket")
	acl := bucket.values.acl
	acl in _public_tf
	bucket.address in _targets
}

_public_acl contains acl if {
	_pulumi
	some r in lib.stack_resources("aws:s3/bucketAclV2:BucketAclV2")
	acl := r.values.acl
	acl in _public_tf
	some ref in object.get(object.get(r, "references", {}), "/bucket", [])
	ref in _targets
}

_public_acl contains acl if {
	_pulumi
	some r in lib.stack_resources("aws:s3/bucketAcl:BucketAcl")
	acl := r.values.acl
	acl in _public_tf
	some ref in object.get(object.get(r, "references", {}), "/bucket", [])
	ref in _targets
}

# Reported on the trail (its bucket attribute is a reference, known only after
# apply, and findings never point at unknown values).
deny contains msg if {
	some acl in _public_acl
	msg := sprintf("CloudTrail writes its logs to a bucket whose ACL is %s: anyone can read the account's API history. Make the bucket private (its ACL is reported by VGL-AWS-S3-001, with a fix).", [acl])
}
