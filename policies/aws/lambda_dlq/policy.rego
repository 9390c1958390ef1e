# METADATA
# title: Lambda functions keep failed asynchronous events in a dead-letter queue
# description: When an asynchronous invocation (from S3, SNS, EventBridge, or `aws lambda invoke --invocation-type Event`) still fails after Lambda's retries, the event is discarded unless the function has a dead-letter queue (an SQS queue or SNS topic) or an on-failure destination; the lost events can neither be inspected nor replayed. A function has no dead-letter queue by default. This flags functions without dead_letter_config (DeadLetterConfig), unless an event invoke configuration (aws_lambda_function_event_invoke_config, AWS::Lambda::EventInvokeConfig), which sets on-failure destinations, or an event source mapping (a queue or stream that Lambda polls, whose failures the mapping handles) refers to them. Functions that are only invoked synchronously (API Gateway, function URLs, direct RequestResponse calls) return their errors to the caller and do not need a dead-letter queue; suppress the finding for them.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#dead_letter_config
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-deadletterconfig.html
# custom:
#   id: VGL-AWS-LAMBDA-002
#   severity: low
#   enforcement: advisory
#   resources: [aws_lambda_function, "AWS::Lambda::Function", "aws:lambda/function:Function"]
#   controls:
#     NIST-800-53-r5: ["CP-10"]
#   aliases: [CKV_AWS_116]
package vigil.aws.lambda.dlq

import data.vigil.lib
import data.vigil.lib.input_referrers
import rego.v1

_values := input.resource.values

# Resources whose presence shows that failures are handled elsewhere.
_handlers := {
	"aws_lambda_function_event_invoke_config",
	"aws_lambda_event_source_mapping",
	"AWS::Lambda::EventInvokeConfig",
	"AWS::Lambda::EventSourceMapping",
	"aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
	"aws:lambda/eventSourceMapping:EventSourceMapping",
}

_handled if {
	some ref in input_referrers
	ref.type in _handlers
	ref.pointer in {"/function_name", "/FunctionName", "/functionName"}
}

_names := {"key": "dead_letter_config", "target": "target_arn", "hint": "dead_letter_config { target_arn = aws_sqs_queue.<dlq>.arn }"} if input.resource.type == "aws_lambda_function"

_names := {"key": "DeadLetterConfig", "target": "TargetArn", "hint": "DeadLetterConfig: {TargetArn: !GetAtt <Dlq>.Arn}"} if input.resource.type == "AWS::Lambda::Function"

_names := {"key": "deadLetterConfig", "target": "targetArn", "hint": "deadLetterConfig: {targetArn: ${<dlq>.arn}}"} if input.resource.type == "aws:lambda/function:Function"

_missing if not lib.has_key(_values, _names.key)

_missing if _values[_names.key] == null

# A block without a target (or with an empty one) configures nothing.
_missing if {
	is_object(_values[_names.key])
	object.get(_values[_names.key], _names.target, "") in {"", null}
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_names
	_missing
	not _handled
	result := {
		"msg": sprintf("Lambda function has no dead-letter queue: an asynchronous event that still fails after the retries is discarded. Add %s (or an on-failure destination), unless the function is only invoked synchronously.", [_names.hint]),
		"path": sprintf("/%s", [_names.key]),
	}
}
