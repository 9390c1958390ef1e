# METADATA
# title: ECR repositories keep image tags immutable
# description: With mutable tags anyone who can push to a repository can replace the image behind a tag that is already deployed (v1.4.2, prod), so the same tag may run different code tomorrow and a compromised pipeline can swap in its own image unnoticed. Immutable tags make every push of an existing tag fail. Repositories are created with MUTABLE tags by default. IMMUTABLE and IMMUTABLE_WITH_EXCLUSION (immutable except for tags matching the exclusion filters) pass. Pipelines that re-push a moving tag such as latest must push a unique tag instead, so the fix is marked unsafe.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecr-repository.html#cfn-ecr-repository-imagetagmutability
# custom:
#   id: VGL-AWS-ECR-002
#   severity: medium
#   enforcement: advisory
#   resources: [aws_ecr_repository, "AWS::ECR::Repository", "aws:ecr/repository:Repository"]
#   controls:
#     NIST-800-53-r5: ["CM-14", "SI-7"]
#   aliases: [CKV_AWS_51, AWS-0031]
package vigil.aws.ecr.immutable_tags

import data.vigil.lib.settings
import rego.v1

_good := ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]

_specs := [
	{
		"type": "aws_ecr_repository", "path": "/image_tag_mutability", "good": _good,
		"missing": true, "fix": "IMMUTABLE", "fix_safety": "unsafe",
		"msg": "ECR repository has image_tag_mutability = \"{value}\": a push can replace the image behind a tag that is already deployed. Set image_tag_mutability = \"IMMUTABLE\".",
		"missing_msg": "ECR repository has mutable image tags (image_tag_mutability defaults to \"MUTABLE\"): a push can replace the image behind a tag that is already deployed. Set image_tag_mutability = \"IMMUTABLE\".",
	},
	{
		"type": "AWS::ECR::Repository", "path": "/ImageTagMutability", "good": _good,
		"missing": true, "fix": "IMMUTABLE", "fix_safety": "unsafe",
		"msg": "ECR repository has ImageTagMutability {value}: a push can replace the image behind a tag that is already deployed. Set ImageTagMutability: IMMUTABLE.",
		"missing_msg": "ECR repository has mutable image tags (ImageTagMutability defaults to MUTABLE): a push can replace the image behind a tag that is already deployed. Set ImageTagMutability: IMMUTABLE.",
	},
	{
		"type": "aws:ecr/repository:Repository", "path": "/imageTagMutability", "good": _good,
		"missing": true, "fix": "IMMUTABLE", "fix_safety": "unsafe",
		"msg": "ECR repository has imageTagMutability {value}: a push can replace the image behind a tag that is already deployed. Set imageTagMutability: IMMUTABLE.",
		"missing_msg": "ECR repository has mutable image tags (imageTagMutability defaults to MUTABLE): a push can replace the image behind a tag that is already deployed. Set imageTagMutability: IMMUTABLE.",
	},
]

deny contains result if some result in settings.check(_specs)
