# METADATA
# title: EFS file systems are encrypted at rest
# description: An unencrypted EFS file system stores its files, and its backups, in the clear. Encryption at rest can only be chosen when the file system is created, and it is off unless it is asked for (the Terraform provider, CloudFormation and the API default encrypted to false, although the console turns it on), so a file system that leaves it out is reported. Turning it on replaces the file system; copy the data to a new encrypted one.
# related_resources:
#   - https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/efs_file_system#encrypted
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-efs-filesystem.html
# custom:
#   id: VGL-AWS-EFS-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_efs_file_system, "AWS::EFS::FileSystem", "aws:efs/fileSystem:FileSystem"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.4.1"]
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_42, AWS-0037]
package vigil.aws.efs.encryption

import data.vigil.lib.settings
import rego.v1

_spec(type, path, msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true,
	"fix_safety": "unsafe", "msg": msg,
}

_specs := [
	_spec("aws_efs_file_system", "/encrypted", "EFS file system is not encrypted at rest (encrypted is {value}), so its files and backups are stored in the clear. Set encrypted = true (this replaces the file system: copy its data to the new one)."),
	_spec("AWS::EFS::FileSystem", "/Encrypted", "EFS file system is not encrypted at rest (Encrypted is {value}), so its files and backups are stored in the clear. Set Encrypted: true (this replaces the file system: copy its data to the new one)."),
	_spec("aws:efs/fileSystem:FileSystem", "/encrypted", "EFS file system is not encrypted at rest (encrypted is {value}), so its files and backups are stored in the clear. Set encrypted: true (this replaces the file system: copy its data to the new one)."),
]

deny contains result if some result in settings.check(_specs)
