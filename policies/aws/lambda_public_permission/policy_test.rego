package vigil.aws.lambda.public_permission_test

import data.vigil.aws.lambda.public_permission as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "perm", "type": type, "name": "perm", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_star if {
	results := p.deny with input as _res("aws_lambda_permission", "terraform", {"action": "lambda:InvokeFunction", "principal": "*", "function_name": "f"})
	count(results) == 1
	some r in results
	r.path == "/principal"
	contains(r.msg, "lambda:InvokeFunction")
}

test_tf_star_with_condition if {
	count(p.deny) == 0 with input as _res("aws_lambda_permission", "terraform", {"principal": "*", "source_account": "111122223333"})
	count(p.deny) == 0 with input as _res("aws_lambda_permission", "terraform", {"principal": "*", "principal_org_id": "o-abc"})
	count(p.deny) == 0 with input as _res("aws_lambda_permission", "terraform", {"principal": "*", "source_arn": "${aws_s3_bucket.b.arn}"})
}

test_tf_service if {
	count(p.deny) == 0 with input as _res("aws_lambda_permission", "terraform", {"principal": "s3.amazonaws.com"})
	count(p.deny) == 0 with input as _res("aws_lambda_permission", "terraform", {"principal": "111122223333"})
}

test_cfn if {
	results := p.deny with input as _res("AWS::Lambda::Permission", "cloudformation", {"Action": "lambda:InvokeFunctionUrl", "Principal": "*", "FunctionUrlAuthType": "NONE"})
	some r in results
	r.path == "/Principal"
	count(p.deny) == 0 with input as _res("AWS::Lambda::Permission", "cloudformation", {"Principal": "*", "SourceAccount": "111122223333"})
}

test_pulumi if {
	results := p.deny with input as _res("aws:lambda/permission:Permission", "pulumi", {"principal": "*"})
	some r in results
	r.path == "/principal"
	count(p.deny) == 0 with input as _res("aws:lambda/permission:Permission", "pulumi", {"principal": "*", "sourceArn": "${topic.arn}"})
}
