package vigil.aws.lambda.public_url_test

import data.vigil.aws.lambda.public_url as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "url", "type": type, "name": "url", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_none if {
	results := p.deny with input as _res("aws_lambda_function_url", "terraform", {"authorization_type": "NONE"})
	count(results) == 1
	some r in results
	r.path == "/authorization_type"
	r.fix == [{"op": "replace", "path": "/authorization_type", "value": "AWS_IAM"}]
	r.fix_safety == "unsafe"
}

test_tf_iam if {
	count(p.deny) == 0 with input as _res("aws_lambda_function_url", "terraform", {"authorization_type": "AWS_IAM"})
}

test_cfn if {
	results := p.deny with input as _res("AWS::Lambda::Url", "cloudformation", {"AuthType": "NONE"})
	some r in results
	r.path == "/AuthType"
	count(p.deny) == 0 with input as _res("AWS::Lambda::Url", "cloudformation", {"AuthType": "AWS_IAM"})
}

test_pulumi if {
	results := p.deny with input as _res("aws:lambda/functionUrl:FunctionUrl", "pulumi", {"authorizationType": "NONE"})
	some r in results
	r.path == "/authorizationType"
	count(p.deny) == 0 with input as _res("aws:lambda/functionUrl:FunctionUrl", "pulumi", {"authorizationType": "AWS_IAM"})
}
