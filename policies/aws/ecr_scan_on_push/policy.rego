# METADATA
# title: ECR repositories scan images for vulnerabilities on push
# description: Without scan on push an image with known vulnerable packages is stored and deployed without anyone being told. Basic scanning is free and reports the CVEs of the operating system packages of each pushed image. Repositories do not scan on push by default (scan_on_push and ScanOnPush default to false). A stack that configures scanning for the whole registry (aws_ecr_registry_scanning_configuration, AWS::ECR::RegistryScanningConfiguration), which overrides the repository setting, is not checked.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecr-repository-imagescanningconfiguration.html
# custom:
#   id: VGL-AWS-ECR-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_ecr_repository, "AWS::ECR::Repository", "aws:ecr/repository:Repository"]
#   controls:
#     NIST-800-53-r5: ["RA-5", "SI-2"]
#     PCI-DSS-4.0: ["6.3.1"]
#   aliases: [CKV_AWS_163, AWS-0030]
package vigil.aws.ecr.scan_on_push

import data.vigil.lib
import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "aws_ecr_repository", "path": "/image_scanning_configuration/scan_on_push", "good": [true],
		"missing": true, "fix": true,
		"msg": "ECR repository does not scan images on push (scan_on_push = {value}), so images with known vulnerabilities are stored and deployed unnoticed. Set image_scanning_configuration { scan_on_push = true }.",
		"missing_msg": "ECR repository does not scan images on push (scan_on_push defaults to false), so images with known vulnerabilities are stored and deployed unnoticed. Add image_scanning_configuration { scan_on_push = true }.",
	},
	{
		"type": "AWS::ECR::Repository", "path": "/ImageScanningConfiguration/ScanOnPush", "good": [true],
		"missing": true, "fix": true,
		"msg": "ECR repository does not scan images on push (ScanOnPush: {value}), so images with known vulnerabilities are stored and deployed unnoticed. Set ImageScanningConfiguration: {ScanOnPush: true}.",
		"missing_msg": "ECR repository does not scan images on push (ScanOnPush defaults to false), so images with known vulnerabilities are stored and deployed unnoticed. Add ImageScanningConfiguration: {ScanOnPush: true}.",
	},
	{
		"type": "aws:ecr/repository:Repository", "path": "/imageScanningConfiguration/scanOnPush", "good": [true],
		"missing": true, "fix": true,
		"msg": "ECR repository does not scan images on push (scanOnPush: {value}), so images with known vulnerabilities are stored and deployed unnoticed. Set imageScanningConfiguration: {scanOnPush: true}.",
		"missing_msg": "ECR repository does not scan images on push (scanOnPush defaults to false), so images with known vulnerabilities are stored and deployed unnoticed. Add imageScanningConfiguration: {scanOnPush: true}.",
	},
]

# Registry-wide scanning rules replace the repositories' own setting.
_registry_scanning if count(lib.stack_resources("aws_ecr_registry_scanning_configuration")) > 0

_registry_scanning if count(lib.stack_resources("AWS::ECR::RegistryScanningConfiguration")) > 0

_registry_scanning if count(lib.stack_resources("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")) > 0

deny contains result if {
	not _registry_scanning
	some result in settings.check(_specs)
}
