# METADATA
# title: API Gateway methods require authorization
# description: A REST API method with authorization NONE and no API key requirement can be called by anyone who can reach the API, so the backend it fronts (a Lambda function, a service, a database query) is open to the internet unless its own code checks the caller. Use IAM (AWS_IAM), a Cognito user pool (COGNITO_USER_POOLS) or a Lambda authorizer (CUSTOM). In CloudFormation AuthorizationType defaults to NONE when left out; Terraform requires it. CORS preflight (OPTIONS) methods, which browsers send without credentials, and methods that require an API key are not flagged. Public endpoints by design (a health check, a login route) should say so in a suppression.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-method.html
# custom:
#   id: VGL-AWS-APIGW-002
#   severity: medium
#   enforcement: advisory
#   resources: [aws_api_gateway_method, "AWS::ApiGateway::Method", "aws:apigateway/method:Method"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "IA-2"]
#   aliases: [CKV_AWS_59, AWS-0004]
package vigil.aws.apigw.authorization

import data.vigil.lib
import rego.v1

_values := input.resource.values

_names := {"auth": "authorization", "method": "http_method", "key": "api_key_required", "hint": "authorization = \"AWS_IAM\", \"COGNITO_USER_POOLS\" or \"CUSTOM\" (with authorizer_id)"} if input.resource.type == "aws_api_gateway_method"

_names := {"auth": "AuthorizationType", "method": "HttpMethod", "key": "ApiKeyRequired", "hint": "AuthorizationType: AWS_IAM, COGNITO_USER_POOLS or CUSTOM (with AuthorizerId)"} if input.resource.type == "AWS::ApiGateway::Method"

_names := {"auth": "authorization", "method": "httpMethod", "key": "apiKeyRequired", "hint": "authorization: AWS_IAM, COGNITO_USER_POOLS or CUSTOM (with authorizerId)"} if input.resource.type == "aws:apigateway/method:Method"

_open := "explicit" if upper(_values[_names.auth]) == "NONE"

# CloudFormation's default.
_open := "default" if {
	input.resource.type == "AWS::ApiGateway::Method"
	not _set(_values, _names.auth)
}

_set(obj, key) if {
	v := obj[key]
	v != null
}

# The method is known not to be OPTIONS (an unknown method is never flagged).
_not_preflight if {
	m := _values[_names.method]
	is_string(m)
	not contains(m, "${")
	upper(m) != "OPTIONS"
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	how := _open
	_not_preflight
	not lib.is_true(object.get(_values, _names.key, false))
	not _key_unknown
	result := {
		"msg": sprintf("API Gateway %s method has no authorization%s and requires no API key, so anyone who can reach the API can call it and the backend behind it. Set %s.", [upper(_values[_names.method]), {"explicit": "", "default": " (AuthorizationType defaults to NONE)"}[how], _names.hint]),
		"path": sprintf("/%s", [_names.auth]),
	}
}

_key_unknown if {
	v := _values[_names.key]
	is_string(v)
	contains(v, "${")
}
