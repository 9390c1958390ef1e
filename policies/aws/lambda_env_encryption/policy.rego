# METADATA
# title: Lambda environment variables are encrypted with a customer-managed KMS key
# description: Lambda always encrypts environment variables at rest, by default with the AWS managed key aws/lambda, which every principal of the account allowed to read the function's configuration can use to see them in clear. Variables often hold connection strings, API tokens and other secrets; a customer-managed key (kms_key_arn, KmsKeyArn) puts their decryption under a key policy you control, can be revoked, and logs every use in CloudTrail. Only functions that define environment variables are checked. Keep real secrets in Secrets Manager or Parameter Store where you can.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#kms_key_arn
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html#cfn-lambda-function-kmskeyarn
# custom:
#   id: VGL-AWS-LAMBDA-003
#   severity: low
#   enforcement: advisory
#   resources: [aws_lambda_function, "AWS::Lambda::Function", "aws:lambda/function:Function"]
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#   aliases: [CKV_AWS_173]
package vigil.aws.lambda.env_encryption

import rego.v1

_values := input.resource.values

_names := {"env": "environment", "vars": "variables", "key": "kms_key_arn", "hint": "kms_key_arn = aws_kms_key.<key>.arn"} if input.resource.type == "aws_lambda_function"

_names := {"env": "Environment", "vars": "Variables", "key": "KmsKeyArn", "hint": "KmsKeyArn: !GetAtt <Key>.Arn"} if input.resource.type == "AWS::Lambda::Function"

_names := {"env": "environment", "vars": "variables", "key": "kmsKeyArn", "hint": "kmsKeyArn: ${<key>.arn}"} if input.resource.type == "aws:lambda/function:Function"

# The function defines at least one variable (a map known to be non-empty).
_has_variables if {
	vars := _values[_names.env][_names.vars]
	is_object(vars)
	count(vars) > 0
}

# An unknown key counts as set: it will be a key.
_has_key if {
	k := _values[_names.key]
	k != null
	k != ""
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_names
	_has_variables
	not _has_key
	result := {
		"msg": sprintf("Lambda function has environment variables but no customer-managed KMS key, so they are encrypted with the AWS managed key aws/lambda that anyone who can read the function's configuration can decrypt. Set %s.", [_names.hint]),
		"path": sprintf("/%s", [_names.key]),
	}
}
