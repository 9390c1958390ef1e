package vigil.aws.ec2.imdsv2_test

import data.vigil.aws.ec2.imdsv2 as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "app", "type": type, "name": "app", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_instance", "terraform", {"ami": "ami-1", "instance_type": "t3.micro"})
	count(results) == 1
	some r in results
	r.path == "/metadata_options/http_tokens"
	r.fix == [{"op": "add", "path": "/metadata_options", "value": {"http_tokens": "required"}}]
	r.fix_safety == "unsafe"
}

test_tf_optional if {
	results := p.deny with input as _in("aws_launch_template", "terraform", {"metadata_options": {"http_endpoint": "enabled", "http_tokens": "optional"}})
	some r in results
	r.fix == [{"op": "replace", "path": "/metadata_options/http_tokens", "value": "required"}]
	results2 := p.deny with input as _in("aws_launch_template", "terraform", {"metadata_options": {"http_put_response_hop_limit": 2}})
	some r2 in results2
	r2.fix == [{"op": "add", "path": "/metadata_options/http_tokens", "value": "required"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_instance", "terraform", {"metadata_options": {"http_tokens": "required"}})
	count(p.deny) == 0 with input as _in("aws_instance", "terraform", {"metadata_options": {"http_endpoint": "disabled"}})
	count(p.deny) == 0 with input as _in("aws_instance", "terraform", {"launch_template": {"id": "${aws_launch_template.app.id}"}})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/LaunchTemplateData/MetadataOptions/HttpTokens"} with input as _in("AWS::EC2::LaunchTemplate", "cloudformation", {"LaunchTemplateData": {"ImageId": "ami-1"}})
	{r.path | some r in p.deny} == {"/MetadataOptions/HttpTokens"} with input as _in("AWS::AutoScaling::LaunchConfiguration", "cloudformation", {"MetadataOptions": {"HttpTokens": "optional"}})
	count(p.deny) == 0 with input as _in("AWS::EC2::LaunchTemplate", "cloudformation", {"LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "required"}}})
	count(p.deny) == 0 with input as _in("AWS::EC2::Instance", "cloudformation", {"ImageId": "ami-1"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/metadataOptions/httpTokens"} with input as _in("aws:ec2/instance:Instance", "pulumi", {"ami": "ami-1"})
	{r.path | some r in p.deny} == {"/metadataOptions/httpTokens"} with input as _in("aws:ec2/launchTemplate:LaunchTemplate", "pulumi", {"metadataOptions": {"httpTokens": "optional"}})
	count(p.deny) == 0 with input as _in("aws:ec2/instance:Instance", "pulumi", {"metadataOptions": {"httpTokens": "required"}})
}
