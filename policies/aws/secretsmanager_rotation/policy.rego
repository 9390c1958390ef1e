# METADATA
# title: Secrets Manager secrets are rotated automatically
# description: A secret that is never rotated stays valid for as long as it exists, so a copy leaked in a log, a laptop or a former employee's notes keeps working. Automatic rotation replaces the secret on a schedule (by a rotation Lambda function, or by the managed rotation of the service that owns it) and limits how long a leaked value is useful. Secrets have no rotation by default; it is configured by a separate resource (aws_secretsmanager_secret_rotation, AWS::SecretsManager::RotationSchedule, aws:secretsmanager:SecretRotation) whose secret id refers to the secret. This flags a secret when no such resource of the same stack refers to it; a rotation whose secret cannot be told (an unknown id not written as a reference) is taken to be for it. Secrets that cannot be rotated from AWS (a third party's API key) should say so in a suppression.
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_rotation
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-rotationschedule.html
# custom:
#   id: VGL-AWS-SECRETSMANAGER-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_secretsmanager_secret, "AWS::SecretsManager::Secret", "aws:secretsmanager/secret:Secret"]
#   controls:
#     NIST-800-53-r5: ["IA-5", "SC-12"]
#   aliases: [CKV2_AWS_57]
package vigil.aws.secretsmanager.rotation

import data.vigil.lib
import data.vigil.lib.input_referrers
import rego.v1

_values := input.resource.values

_rotation_types := {
	"aws_secretsmanager_secret_rotation",
	"AWS::SecretsManager::RotationSchedule",
	"aws:secretsmanager/secretRotation:SecretRotation",
}

_pointers := {"/secret_id", "/SecretId", "/secretId"}

_referred if {
	some ref in input_referrers
	ref.type in _rotation_types
	ref.pointer in _pointers
}

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

# Rotation resources that name a secret by a literal name or ARN, or whose secret
# cannot be told. Computed once per stack.
_tf_rotations := lib.stack_resources("aws_secretsmanager_secret_rotation")

_tf_names := {v | some r in _tf_rotations; v := r.values.secret_id; _known_string(v)}

_tf_undetermined if {
	some r in _tf_rotations
	not _known_string(r.values.secret_id)
	not _tf_refers_to_secret(r)
}

_tf_refers_to_secret(r) if {
	some ref in object.get(object.get(r, "references", {}), "/secret_id", [])
	regex.match(`(^|\.)aws_secretsmanager_secret\.[^.]+$`, ref)
}

_cfn_undetermined if {
	some r in lib.stack_resources("AWS::SecretsManager::RotationSchedule")
	not _known_string(object.get(r.values, "SecretId", null))
	count(object.get(object.get(r, "references", {}), "/SecretId", [])) == 0
}

_pulumi_rotations := lib.stack_resources("aws:secretsmanager/secretRotation:SecretRotation")

_pulumi_names := {v | some r in _pulumi_rotations; v := r.values.secretId; _known_string(v)}

_pulumi_undetermined if {
	some r in _pulumi_rotations
	not _known_string(object.get(r.values, "secretId", null))
	count(object.get(object.get(r, "references", {}), "/secretId", [])) == 0
}

_rotated if _referred

_rotated if {
	not _referred
	input.resource.source == "terraform"
	_tf_undetermined
}

_rotated if {
	not _referred
	input.resource.source == "terraform"
	_values.name in _tf_names
}

# Provider < 5: rotation configured on the secret itself.
_rotated if {
	input.resource.source == "terraform"
	some key in ["rotation_lambda_arn", "rotation_rules"]
	v := _values[key]
	v != null
	v != ""
	v != []
}

_rotated if {
	not _referred
	input.resource.source == "cloudformation"
	_cfn_undetermined
}

_rotated if {
	not _referred
	input.resource.source == "pulumi"
	_pulumi_undetermined
}

_rotated if {
	not _referred
	input.resource.source == "pulumi"
	_values.name in _pulumi_names
}

_hint := "Add an aws_secretsmanager_secret_rotation with secret_id = aws_secretsmanager_secret.<name>.id and rotation_rules { automatically_after_days = 30 }" if input.resource.type == "aws_secretsmanager_secret"

_hint := "Add an AWS::SecretsManager::RotationSchedule with SecretId: !Ref <Secret> and RotationRules" if input.resource.type == "AWS::SecretsManager::Secret"

_hint := "Add an aws:secretsmanager:SecretRotation with secretId: ${<secret>.id} and rotationRules" if input.resource.type == "aws:secretsmanager/secret:Secret"

deny contains result if {
	input.resource.source in {"terraform", "cloudformation", "pulumi"}
	_hint
	not _rotated
	result := {"msg": sprintf("Secrets Manager secret has no automatic rotation, so a leaked value stays valid until someone changes it by hand. %s.", [_hint])}
}
