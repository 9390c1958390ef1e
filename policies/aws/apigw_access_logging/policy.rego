# METADATA
# title: API Gateway stages write access logs
# description: Access logs record who called an API stage, from which address, which route, and with what result. Without them, credential stuffing, scraping or abuse of an API cannot be detected or investigated, and there is no record of which client did what. Stages write no access logs by default (access_log_settings, AccessLogSetting and AccessLogSettings are unset). Set a CloudWatch Logs group or Firehose stream as the destination, with a format that includes at least the request id, source IP, caller identity, route and status.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_stage#access_log_settings
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage#access_log_settings
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html
# custom:
#   id: VGL-AWS-APIGW-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_api_gateway_stage, aws_apigatewayv2_stage, "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage", "aws:apigateway/stage:Stage", "aws:apigatewayv2/stage:Stage"]
#   controls:
#     NIST-800-53-r5: ["AU-2", "AU-3", "AU-12"]
#     PCI-DSS-4.0: ["10.2.1"]
#   aliases: [CKV_AWS_76, CKV_AWS_95, AWS-0001]
package vigil.aws.apigw.access_logging

import rego.v1

_values := input.resource.values

_names := {"block": "access_log_settings", "dest": "destination_arn", "hint": "access_log_settings { destination_arn = aws_cloudwatch_log_group.<name>.arn; format = jsonencode({...}) }"} if input.resource.type in {"aws_api_gateway_stage", "aws_apigatewayv2_stage"}

_names := {"block": "AccessLogSetting", "dest": "DestinationArn", "hint": "AccessLogSetting: {DestinationArn: !GetAtt <LogGroup>.Arn, Format: ...}"} if input.resource.type == "AWS::ApiGateway::Stage"

_names := {"block": "AccessLogSettings", "dest": "DestinationArn", "hint": "AccessLogSettings: {DestinationArn: !GetAtt <LogGroup>.Arn, Format: ...}"} if input.resource.type == "AWS::ApiGatewayV2::Stage"

_names := {"block": "accessLogSettings", "dest": "destinationArn", "hint": "accessLogSettings: {destinationArn: ${<logGroup>.arn}, format: ...}"} if input.resource.type in {"aws:apigateway/stage:Stage", "aws:apigatewayv2/stage:Stage"}

_set(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

_applies if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_names
}

_msg := sprintf("API Gateway stage writes no access logs, so calls to the API (who, from where, which route, which result) leave no record. Add %s.", [_names.hint])

deny contains result if {
	_applies
	not _set(_values, _names.block)
	result := {"msg": _msg, "path": sprintf("/%s", [_names.block])}
}

deny contains result if {
	_applies
	is_object(_values[_names.block])
	not _set(_values[_names.block], _names.dest)
	result := {"msg": _msg, "path": sprintf("/%s/%s", [_names.block, _names.dest])}
}
