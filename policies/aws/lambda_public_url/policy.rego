# METADATA
# title: Lambda function URLs require IAM authentication
# description: A function URL with authorization type NONE is a public HTTPS endpoint; anyone on the internet who finds the URL can invoke the function, run up its cost and reach whatever data and services its role can reach, with the function's own code as the only check. With AWS_IAM, callers must sign their requests with credentials that are allowed lambda:InvokeFunctionUrl. The authorization type has no default (it must be written); this flags NONE. A URL that must be public (a webhook receiver) should authenticate requests in its code; suppress the finding for it with a comment saying so.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function_url
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-url.html
# custom:
#   id: VGL-AWS-LAMBDA-004
#   severity: high
#   enforcement: mandatory
#   resources: [aws_lambda_function_url, "AWS::Lambda::Url", "aws:lambda/functionUrl:FunctionUrl"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-14", "SC-7"]
#   aliases: [CKV_AWS_258]
package vigil.aws.lambda.public_url

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "aws_lambda_function_url", "path": "/authorization_type", "good": ["AWS_IAM"],
		"fix": "AWS_IAM", "fix_safety": "unsafe",
		"msg": "Lambda function URL has authorization_type = \"{value}\": anyone on the internet can invoke the function. Set authorization_type = \"AWS_IAM\" so that callers must sign their requests.",
	},
	{
		"type": "AWS::Lambda::Url", "path": "/AuthType", "good": ["AWS_IAM"],
		"fix": "AWS_IAM", "fix_safety": "unsafe",
		"msg": "Lambda function URL has AuthType {value}: anyone on the internet can invoke the function. Set AuthType: AWS_IAM so that callers must sign their requests.",
	},
	{
		"type": "aws:lambda/functionUrl:FunctionUrl", "path": "/authorizationType", "good": ["AWS_IAM"],
		"fix": "AWS_IAM", "fix_safety": "unsafe",
		"msg": "Lambda function URL has authorizationType {value}: anyone on the internet can invoke the function. Set authorizationType: AWS_IAM so that callers must sign their requests.",
	},
]

deny contains result if some result in settings.check(_specs)
