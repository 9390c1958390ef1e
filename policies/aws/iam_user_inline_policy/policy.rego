# METADATA
# title: IAM permissions are granted to groups and roles, not to users
# description: Policies attached directly to IAM users, inline or managed, scatter permissions over individual identities, so access is hard to review and tends to stay behind when people change jobs. Grant permissions to groups (or roles) and make users members. Reported are inline user policies, managed policy attachments to users, and policies whose users list is not empty.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
# custom:
#   id: VGL-AWS-IAM-004
#   severity: low
#   enforcement: advisory
#   resources:
#     - aws_iam_user_policy
#     - aws_iam_user_policy_attachment
#     - aws_iam_policy_attachment
#     - "AWS::IAM::User"
#     - "AWS::IAM::Policy"
#     - "AWS::IAM::ManagedPolicy"
#     - "aws:iam/userPolicy:UserPolicy"
#     - "aws:iam/userPolicyAttachment:UserPolicyAttachment"
#     - "aws:iam/policyAttachment:PolicyAttachment"
#   controls:
#     CIS-AWS-Foundations-3.0: ["1.15"]
#     NIST-800-53-r5: ["AC-2", "AC-6"]
#   aliases: [CKV_AWS_40, AWS-0143]
package vigil.aws.iam.user_inline_policy

import rego.v1

_values := input.resource.values

_nonempty(x) if {
	is_array(x)
	count(x) > 0
}

# Resources that exist only to give a user permissions: the finding is on the resource
# (its user is typically a reference, known only after apply).
_user_scoped := {
	"aws_iam_user_policy": {"what": "an inline policy", "instead": "an aws_iam_group_policy (or aws_iam_group_policy_attachment) on a group the user belongs to"},
	"aws_iam_user_policy_attachment": {"what": "a managed policy", "instead": "an aws_iam_group_policy_attachment on a group the user belongs to"},
	"aws:iam/userPolicy:UserPolicy": {"what": "an inline policy", "instead": "an aws:iam:GroupPolicy (or aws:iam:GroupPolicyAttachment) on a group the user belongs to"},
	"aws:iam/userPolicyAttachment:UserPolicyAttachment": {"what": "a managed policy", "instead": "an aws:iam:GroupPolicyAttachment on a group the user belongs to"},
}

deny contains result if {
	s := _user_scoped[input.resource.type]
	result := {
		"msg": sprintf("IAM user is given %s directly, which scatters permissions over individual identities and makes access hard to review. Use %s instead.", [s.what, s.instead]),
	}
}

# Lists of users on a policy or attachment.
_user_lists := {
	"aws_iam_policy_attachment": {"key": "users", "instead": "groups or roles"},
	"aws:iam/policyAttachment:PolicyAttachment": {"key": "users", "instead": "groups or roles"},
	"AWS::IAM::Policy": {"key": "Users", "instead": "Groups or Roles"},
	"AWS::IAM::ManagedPolicy": {"key": "Users", "instead": "Groups or Roles"},
}

deny contains result if {
	s := _user_lists[input.resource.type]
	_nonempty(_values[s.key])
	result := {
		"msg": sprintf("IAM policy is attached directly to users, which scatters permissions over individual identities and makes access hard to review. Attach it to %s instead and make the users members of a group.", [s.instead]),
		"path": sprintf("/%s", [s.key]),
	}
}

# CloudFormation: policies written on the user itself.
deny contains result if {
	input.resource.type == "AWS::IAM::User"
	_nonempty(_values.Policies)
	result := {
		"msg": "IAM user has inline Policies, which scatters permissions over individual identities and makes access hard to review. Put them on an AWS::IAM::Group and list it in the user's Groups instead.",
		"path": "/Policies",
	}
}

deny contains result if {
	input.resource.type == "AWS::IAM::User"
	_nonempty(_values.ManagedPolicyArns)
	result := {
		"msg": "IAM user has ManagedPolicyArns attached directly, which scatters permissions over individual identities and makes access hard to review. Attach them to an AWS::IAM::Group and list it in the user's Groups instead.",
		"path": "/ManagedPolicyArns",
	}
}
