package vigil.aws.s3.public_acl_test

import data.vigil.aws.s3.public_acl as p
import rego.v1

_tf(type, values) := {"resource": {
	"address": sprintf("%s.this", [type]),
	"type": type,
	"name": "this",
	"mode": "managed",
	"source": "terraform",
	"values": values,
	"references": {},
	"unknown": [],
}}

_cfn(props) := {"resource": {
	"address": "SiteBucket",
	"type": "AWS::S3::Bucket",
	"name": "SiteBucket",
	"mode": "managed",
	"source": "cloudformation",
	"values": props,
	"references": {},
	"unknown": [],
}}

# --- Terraform ------------------------------------------------------------------

test_tf_bucket_public_read if {
	results := p.deny with input as _tf("aws_s3_bucket", {"bucket": "acme-site", "acl": "public-read"})
	count(results) == 1
	some r in results
	r.path == "/acl"
	r.fix == [{"op": "replace", "path": "/acl", "value": "private"}]
	r.fix_safety == "unsafe"
}

test_tf_bucket_private if {
	results := p.deny with input as _tf("aws_s3_bucket", {"bucket": "acme-site", "acl": "private"})
	count(results) == 0
}

test_tf_bucket_log_delivery_write if {
	results := p.deny with input as _tf("aws_s3_bucket", {"bucket": "acme-logs", "acl": "log-delivery-write"})
	count(results) == 0
}

test_tf_bucket_acl_resource_public_read_write if {
	results := p.deny with input as _tf("aws_s3_bucket_acl", {"bucket": "${aws_s3_bucket.site.id}", "acl": "public-read-write"})
	count(results) == 1
}

test_tf_bucket_acl_resource_authenticated_read if {
	results := p.deny with input as _tf("aws_s3_bucket_acl", {"bucket": "acme-site", "acl": "authenticated-read"})
	{r.path | some r in results} == {"/acl"}
}

test_tf_bucket_acl_unknown if {
	results := p.deny with input as _tf("aws_s3_bucket_acl", {"bucket": "acme-site", "acl": "${var.acl}"})
	count(results) == 0
}

test_tf_inline_grant_all_users if {
	values := {"bucket": "acme-site", "grant": [
		{"type": "CanonicalUser", "id": "abc123", "permissions": ["FULL_CONTROL"]},
		{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permissions": ["READ"]},
	]}
	results := p.deny with input as _tf("aws_s3_bucket", values)
	{r.path | some r in results} == {"/grant/1/uri"}
}

test_tf_inline_grant_log_delivery if {
	values := {"bucket": "acme-logs", "grant": {"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery", "permissions": ["WRITE"]}}
	results := p.deny with input as _tf("aws_s3_bucket", values)
	count(results) == 0
}

test_tf_access_control_policy_grant if {
	values := {"bucket": "acme-site", "access_control_policy": {
		"grant": [
			{"grantee": {"type": "CanonicalUser", "id": "abc123"}, "permission": "FULL_CONTROL"},
			{"grantee": {"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}, "permission": "READ"},
		],
		"owner": {"id": "abc123"},
	}}
	results := p.deny with input as _tf("aws_s3_bucket_acl", values)
	{r.path | some r in results} == {"/access_control_policy/grant/1/grantee/uri"}
}

# --- CloudFormation -------------------------------------------------------------

test_cfn_public_read if {
	results := p.deny with input as _cfn({"AccessControl": "PublicRead"})
	count(results) == 1
	some r in results
	r.path == "/AccessControl"
	r.fix == [{"op": "replace", "path": "/AccessControl", "value": "Private"}]
}

test_cfn_private if {
	results := p.deny with input as _cfn({"AccessControl": "Private"})
	count(results) == 0
}

test_cfn_no_access_control if {
	results := p.deny with input as _cfn({"BucketName": "acme-site"})
	count(results) == 0
}

test_cfn_terraform_spelling_ignored if {
	# CloudFormation only knows the PascalCase names; "public-read" is not a CFN value
	results := p.deny with input as _cfn({"AccessControl": "${Ref BucketAcl}"})
	count(results) == 0
}

_pulumi_bucket(values) := {"resource": {
	"address": "site",
	"type": "aws:s3/bucket:Bucket",
	"name": "site",
	"mode": "managed",
	"source": "pulumi",
	"values": values,
	"references": {},
	"unknown": [],
}}

test_pulumi_public_acl if {
	results := p.deny with input as _pulumi_bucket({"acl": "public-read"})
	count(results) == 1
	some r in results
	r.path == "/acl"
}

test_pulumi_private_acl if {
	results := p.deny with input as _pulumi_bucket({"acl": "private"})
	count(results) == 0
}

test_pulumi_public_grant if {
	results := p.deny with input as _pulumi_bucket({"grants": [
		{"type": "CanonicalUser", "id": "abc", "permissions": ["FULL_CONTROL"]},
		{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permissions": ["READ"]},
	]})
	count(results) == 1
	some r in results
	r.path == "/grants/1/uri"
}
