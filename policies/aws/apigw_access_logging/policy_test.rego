package vigil.aws.apigw.access_logging_test

import data.vigil.aws.apigw.access_logging as p
import rego.v1

_paths(type, source, values) := {r.path | some r in p.deny with input as {"resource": {
	"address": "stage", "type": type, "name": "stage", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}}

test_tf if {
	_paths("aws_api_gateway_stage", "terraform", {"stage_name": "prod"}) == {"/access_log_settings"}
	_paths("aws_apigatewayv2_stage", "terraform", {"name": "$default"}) == {"/access_log_settings"}
	_paths("aws_api_gateway_stage", "terraform", {"access_log_settings": {"format": "x"}}) == {"/access_log_settings/destination_arn"}
	_paths("aws_api_gateway_stage", "terraform", {"access_log_settings": {"destination_arn": "${aws_cloudwatch_log_group.api.arn}", "format": "x"}}) == set()
}

test_cfn if {
	_paths("AWS::ApiGateway::Stage", "cloudformation", {"StageName": "prod"}) == {"/AccessLogSetting"}
	_paths("AWS::ApiGatewayV2::Stage", "cloudformation", {"StageName": "prod"}) == {"/AccessLogSettings"}
	_paths("AWS::ApiGateway::Stage", "cloudformation", {"AccessLogSetting": {"DestinationArn": "arn:aws:logs:eu-west-1:111122223333:log-group:api"}}) == set()
}

test_pulumi if {
	_paths("aws:apigateway/stage:Stage", "pulumi", {"stageName": "prod"}) == {"/accessLogSettings"}
	_paths("aws:apigatewayv2/stage:Stage", "pulumi", {"accessLogSettings": {"destinationArn": "${logs.arn}", "format": "x"}}) == set()
}
