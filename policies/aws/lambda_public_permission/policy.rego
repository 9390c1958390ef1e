# METADATA
# title: Lambda permissions do not let everyone invoke the function
# description: A Lambda permission (a statement of the function's resource-based policy) with principal "*" and no source account, source ARN or organization condition lets any AWS account, and for a function URL with auth type NONE anyone on the internet, invoke the function (or whatever action it grants). Name the account or the service that needs access instead, and when the principal must stay "*" (a public function URL) or is a service, restrict it with source_account, source_arn or principal_org_id (SourceAccount, SourceArn, PrincipalOrgID).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_permission
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html
# custom:
#   id: VGL-AWS-LAMBDA-005
#   severity: high
#   enforcement: mandatory
#   resources: [aws_lambda_permission, "AWS::Lambda::Permission", "aws:lambda/permission:Permission"]
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#   aliases: [CKV_AWS_301]
package vigil.aws.lambda.public_permission

import rego.v1

_values := input.resource.values

_names := {
	"principal": "principal",
	"conditions": ["source_account", "source_arn", "principal_org_id"],
	"hint": "principal = \"<account id>\" or a service, with source_arn or source_account",
} if input.resource.type == "aws_lambda_permission"

_names := {
	"principal": "Principal",
	"conditions": ["SourceAccount", "SourceArn", "PrincipalOrgID"],
	"hint": "Principal: <account id> or a service, with SourceArn or SourceAccount",
} if input.resource.type == "AWS::Lambda::Permission"

_names := {
	"principal": "principal",
	"conditions": ["sourceAccount", "sourceArn", "principalOrgId"],
	"hint": "principal: <account id> or a service, with sourceArn or sourceAccount",
} if input.resource.type == "aws:lambda/permission:Permission"

# A condition counts when it is set to anything (an unknown value too).
_restricted if {
	some key in _names.conditions
	v := _values[key]
	v != null
	v != ""
}

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	trim_space(_values[_names.principal]) == "*"
	not _restricted
	result := {
		"msg": sprintf("Lambda permission grants %s to principal \"*\" with no source account, source ARN or organization condition, so any AWS account (or, for a function URL without auth, anyone) can use it. Write %s.", [_action, _names.hint]),
		"path": sprintf("/%s", [_names.principal]),
	}
}

_action_key := {"aws_lambda_permission": "action", "AWS::Lambda::Permission": "Action", "aws:lambda/permission:Permission": "action"}[input.resource.type]

_known_action := a if {
	a := _values[_action_key]
	is_string(a)
	not contains(a, "${")
}

_action := _known_action

_action := "access" if not _known_action
