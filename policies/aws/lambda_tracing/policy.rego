# METADATA
# title: Lambda functions send traces to AWS X-Ray
# description: Without active tracing a Lambda function records no X-Ray segments, so a slow or failing request cannot be followed through the function and the services it calls, and unusual call patterns (an invocation reaching services it never reached before) go unnoticed. Tracing is off by default (the provider and CloudFormation default the mode to PassThrough, which only forwards a trace header an upstream service already sampled). Set the tracing mode to Active; the function's role then needs the X-Ray write permissions (AWSXRayDaemonWriteAccess).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#tracing_config
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-tracingconfig.html
# custom:
#   id: VGL-AWS-LAMBDA-001
#   severity: low
#   enforcement: advisory
#   resources: [aws_lambda_function, "AWS::Lambda::Function", "aws:lambda/function:Function"]
#   controls:
#     NIST-800-53-r5: ["AU-12", "SI-4"]
#   aliases: [CKV_AWS_50, AWS-0066]
package vigil.aws.lambda.tracing

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "aws_lambda_function", "path": "/tracing_config/mode", "good": ["Active"],
		"missing": true, "fix": "Active",
		"msg": "Lambda function tracing mode is {value}, so X-Ray records no traces of its invocations. Set tracing_config { mode = \"Active\" }.",
		"missing_msg": "Lambda function has no active X-Ray tracing (the default mode is PassThrough), so its invocations cannot be traced. Add tracing_config { mode = \"Active\" }.",
	},
	{
		"type": "AWS::Lambda::Function", "path": "/TracingConfig/Mode", "good": ["Active"],
		"missing": true, "fix": "Active",
		"msg": "Lambda function TracingConfig Mode is {value}, so X-Ray records no traces of its invocations. Set TracingConfig: {Mode: Active}.",
		"missing_msg": "Lambda function has no active X-Ray tracing (the default mode is PassThrough), so its invocations cannot be traced. Add TracingConfig with Mode: Active.",
	},
	{
		"type": "aws:lambda/function:Function", "path": "/tracingConfig/mode", "good": ["Active"],
		"missing": true, "fix": "Active",
		"msg": "Lambda function tracingConfig mode is {value}, so X-Ray records no traces of its invocations. Set tracingConfig: {mode: Active}.",
		"missing_msg": "Lambda function has no active X-Ray tracing (the default mode is PassThrough), so its invocations cannot be traced. Add tracingConfig: {mode: Active}.",
	},
]

deny contains result if some result in settings.check(_specs)
