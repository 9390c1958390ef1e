package vigil.aws.apigw.xray_test

import data.vigil.aws.apigw.xray as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "stage", "type": type, "name": "stage", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("aws_api_gateway_stage", "terraform", {"stage_name": "prod"})
	count(results) == 1
	some r in results
	r.path == "/xray_tracing_enabled"
	r.fix == [{"op": "add", "path": "/xray_tracing_enabled", "value": true}]
}

test_tf_false if {
	results := p.deny with input as _res("aws_api_gateway_stage", "terraform", {"xray_tracing_enabled": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/xray_tracing_enabled", "value": true}]
}

test_tf_true if {
	count(p.deny) == 0 with input as _res("aws_api_gateway_stage", "terraform", {"xray_tracing_enabled": true})
}

test_v2_not_checked if {
	count(p.deny) == 0 with input as _res("aws_apigatewayv2_stage", "terraform", {"name": "$default"})
}

test_cfn if {
	results := p.deny with input as _res("AWS::ApiGateway::Stage", "cloudformation", {"StageName": "prod"})
	some r in results
	r.path == "/TracingEnabled"
	count(p.deny) == 0 with input as _res("AWS::ApiGateway::Stage", "cloudformation", {"TracingEnabled": "true"})
}

test_pulumi if {
	results := p.deny with input as _res("aws:apigateway/stage:Stage", "pulumi", {"xrayTracingEnabled": false})
	some r in results
	r.path == "/xrayTracingEnabled"
	count(p.deny) == 0 with input as _res("aws:apigateway/stage:Stage", "pulumi", {"xrayTracingEnabled": true})
}
