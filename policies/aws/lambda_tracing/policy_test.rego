package vigil.aws.lambda.tracing_test

import data.vigil.aws.lambda.tracing as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "fn", "type": type, "name": "fn", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("aws_lambda_function", "terraform", {"function_name": "api"})
	count(results) == 1
	some r in results
	r.path == "/tracing_config/mode"
	r.fix == [{"op": "add", "path": "/tracing_config", "value": {"mode": "Active"}}]
}

test_tf_passthrough if {
	results := p.deny with input as _res("aws_lambda_function", "terraform", {"tracing_config": {"mode": "PassThrough"}})
	some r in results
	r.path == "/tracing_config/mode"
	r.fix == [{"op": "replace", "path": "/tracing_config/mode", "value": "Active"}]
}

test_tf_active if {
	count(p.deny) == 0 with input as _res("aws_lambda_function", "terraform", {"tracing_config": {"mode": "Active"}})
}

test_cfn_missing if {
	results := p.deny with input as _res("AWS::Lambda::Function", "cloudformation", {"Runtime": "python3.12"})
	some r in results
	r.path == "/TracingConfig/Mode"
	r.fix == [{"op": "add", "path": "/TracingConfig", "value": {"Mode": "Active"}}]
}

test_cfn_active if {
	count(p.deny) == 0 with input as _res("AWS::Lambda::Function", "cloudformation", {"TracingConfig": {"Mode": "Active"}})
}

test_pulumi_passthrough if {
	results := p.deny with input as _res("aws:lambda/function:Function", "pulumi", {"tracingConfig": {"mode": "PassThrough"}})
	some r in results
	r.path == "/tracingConfig/mode"
}

test_pulumi_active if {
	count(p.deny) == 0 with input as _res("aws:lambda/function:Function", "pulumi", {"tracingConfig": {"mode": "Active"}})
}
