package vigil.aws.apigw.authorization_test

import data.vigil.aws.apigw.authorization as p
import rego.v1

_paths(type, source, values) := {r.path | some r in p.deny with input as {"resource": {
	"address": "m", "type": type, "name": "m", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}}

test_tf if {
	_paths("aws_api_gateway_method", "terraform", {"http_method": "GET", "authorization": "NONE"}) == {"/authorization"}
	_paths("aws_api_gateway_method", "terraform", {"http_method": "ANY", "authorization": "NONE", "api_key_required": false}) == {"/authorization"}
}

test_tf_exceptions if {
	_paths("aws_api_gateway_method", "terraform", {"http_method": "OPTIONS", "authorization": "NONE"}) == set()
	_paths("aws_api_gateway_method", "terraform", {"http_method": "GET", "authorization": "NONE", "api_key_required": true}) == set()
	_paths("aws_api_gateway_method", "terraform", {"http_method": "GET", "authorization": "AWS_IAM"}) == set()
	_paths("aws_api_gateway_method", "terraform", {"http_method": "${var.m}", "authorization": "NONE"}) == set()
}

test_cfn if {
	_paths("AWS::ApiGateway::Method", "cloudformation", {"HttpMethod": "POST"}) == {"/AuthorizationType"}
	_paths("AWS::ApiGateway::Method", "cloudformation", {"HttpMethod": "POST", "AuthorizationType": "NONE", "ApiKeyRequired": "true"}) == set()
	_paths("AWS::ApiGateway::Method", "cloudformation", {"HttpMethod": "POST", "AuthorizationType": "COGNITO_USER_POOLS"}) == set()
}

test_pulumi if {
	_paths("aws:apigateway/method:Method", "pulumi", {"httpMethod": "GET", "authorization": "NONE"}) == {"/authorization"}
	_paths("aws:apigateway/method:Method", "pulumi", {"httpMethod": "OPTIONS", "authorization": "NONE"}) == set()
}
