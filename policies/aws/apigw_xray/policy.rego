# METADATA
# title: API Gateway REST API stages trace requests with AWS X-Ray
# description: With X-Ray tracing a REST API stage records each request's path through API Gateway and the services behind it, which shows where a slow or failing request spent its time and makes unusual call patterns visible. Tracing is off by default (xray_tracing_enabled and TracingEnabled default to false). HTTP and WebSocket APIs (API Gateway v2) do not support X-Ray and are not checked. Tracing samples requests and is billed per trace.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_stage#xray_tracing_enabled
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html#cfn-apigateway-stage-tracingenabled
# custom:
#   id: VGL-AWS-APIGW-003
#   severity: low
#   enforcement: advisory
#   resources: [aws_api_gateway_stage, "AWS::ApiGateway::Stage", "aws:apigateway/stage:Stage"]
#   controls:
#     NIST-800-53-r5: ["AU-12", "SI-4"]
#   aliases: [CKV_AWS_73, AWS-0003]
package vigil.aws.apigw.xray

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "aws_api_gateway_stage", "path": "/xray_tracing_enabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "API Gateway stage has X-Ray tracing turned off (xray_tracing_enabled = {value}), so requests cannot be followed through the API and its backends. Set xray_tracing_enabled = true.",
		"missing_msg": "API Gateway stage does not trace requests with X-Ray (xray_tracing_enabled defaults to false), so requests cannot be followed through the API and its backends. Set xray_tracing_enabled = true.",
	},
	{
		"type": "AWS::ApiGateway::Stage", "path": "/TracingEnabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "API Gateway stage has X-Ray tracing turned off (TracingEnabled: {value}), so requests cannot be followed through the API and its backends. Set TracingEnabled: true.",
		"missing_msg": "API Gateway stage does not trace requests with X-Ray (TracingEnabled defaults to false), so requests cannot be followed through the API and its backends. Set TracingEnabled: true.",
	},
	{
		"type": "aws:apigateway/stage:Stage", "path": "/xrayTracingEnabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "API Gateway stage has X-Ray tracing turned off (xrayTracingEnabled: {value}), so requests cannot be followed through the API and its backends. Set xrayTracingEnabled: true.",
		"missing_msg": "API Gateway stage does not trace requests with X-Ray (xrayTracingEnabled defaults to false), so requests cannot be followed through the API and its backends. Set xrayTracingEnabled: true.",
	},
]

deny contains result if some result in settings.check(_specs)
