package vigil.aws.lambda.dlq_test

import data.vigil.aws.lambda.dlq as p
import data.vigil.lib
import rego.v1

_r(address, type, source, values, refs) := {
	"address": address, "type": type, "name": address, "mode": "managed",
	"source": source, "values": values, "references": refs, "unknown": [],
}

test_tf_missing if {
	fn := _r("aws_lambda_function.worker", "aws_lambda_function", "terraform", {"function_name": "w"}, {})
	results := p.deny with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn])
	count(results) == 1
	some r in results
	r.path == "/dead_letter_config"
	not r.fix
}

test_tf_with_dlq if {
	fn := _r("aws_lambda_function.worker", "aws_lambda_function", "terraform", {"dead_letter_config": {"target_arn": "${aws_sqs_queue.dlq.arn}"}}, {})
	count(p.deny) == 0 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn])
}

test_tf_empty_target if {
	fn := _r("aws_lambda_function.worker", "aws_lambda_function", "terraform", {"dead_letter_config": {"target_arn": ""}}, {})
	count(p.deny) == 1 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn])
}

test_tf_event_invoke_config if {
	fn := _r("aws_lambda_function.worker", "aws_lambda_function", "terraform", {"function_name": "w"}, {})
	cfg := _r("aws_lambda_function_event_invoke_config.worker", "aws_lambda_function_event_invoke_config", "terraform",
		{"function_name": "${aws_lambda_function.worker.function_name}"}, {"/function_name": ["aws_lambda_function.worker"]})
	count(p.deny) == 0 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn, cfg])
}

test_tf_event_source_mapping if {
	fn := _r("aws_lambda_function.worker[0]", "aws_lambda_function", "terraform", {"function_name": "w"}, {})
	m := _r("aws_lambda_event_source_mapping.queue", "aws_lambda_event_source_mapping", "terraform",
		{"function_name": "${aws_lambda_function.worker[0].arn}"}, {"/function_name": ["aws_lambda_function.worker"]})
	count(p.deny) == 0 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn, m])
}

test_tf_permission_does_not_count if {
	fn := _r("aws_lambda_function.worker", "aws_lambda_function", "terraform", {"function_name": "w"}, {})
	perm := _r("aws_lambda_permission.s3", "aws_lambda_permission", "terraform",
		{"function_name": "${aws_lambda_function.worker.function_name}"}, {"/function_name": ["aws_lambda_function.worker"]})
	count(p.deny) == 1 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn, perm])
}

test_cfn_missing if {
	fn := _r("Worker", "AWS::Lambda::Function", "cloudformation", {"Runtime": "python3.12"}, {})
	results := p.deny with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn])
	some r in results
	r.path == "/DeadLetterConfig"
}

test_cfn_event_invoke_config if {
	fn := _r("Worker", "AWS::Lambda::Function", "cloudformation", {"Runtime": "python3.12"}, {})
	cfg := _r("WorkerInvokeConfig", "AWS::Lambda::EventInvokeConfig", "cloudformation", {"FunctionName": "${Ref Worker}"}, {"/FunctionName": ["Worker"]})
	count(p.deny) == 0 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn, cfg])
}

test_pulumi_missing if {
	fn := _r("worker", "aws:lambda/function:Function", "pulumi", {"runtime": "python3.12"}, {})
	results := p.deny with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn])
	some r in results
	r.path == "/deadLetterConfig"
}

test_pulumi_with_dlq if {
	fn := _r("worker", "aws:lambda/function:Function", "pulumi", {"deadLetterConfig": {"targetArn": "${dlq.arn}"}}, {"/deadLetterConfig/targetArn": ["dlq"]})
	count(p.deny) == 0 with input as {"resource": fn} with data.vigil.stack as lib.stack_of([fn])
}
