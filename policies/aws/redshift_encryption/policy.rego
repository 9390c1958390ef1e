# METADATA
# title: Redshift clusters are not created unencrypted
# description: An unencrypted Redshift cluster keeps its tables, snapshots and backups in the clear. Since January 2025 Amazon Redshift encrypts new provisioned clusters by default, and version 6 of the Terraform AWS provider defaults encrypted to true, so a cluster that leaves the setting out is encrypted and is not reported; only an explicit encrypted = false (Encrypted false, encrypted false in Pulumi) is. Clusters managed with AWS provider 5.x or older, whose encrypted default was false, should set it to true explicitly. Serverless namespaces are always encrypted.
# related_resources:
#   - https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html
#   - https://aws.amazon.com/about-aws/whats-new/2024/11/amazon-redshift-enhanced-security-defaults/
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#encrypted
# custom:
#   id: VGL-AWS-REDSHIFT-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_redshift_cluster, "AWS::Redshift::Cluster", "aws:redshift/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_64]
package vigil.aws.redshift.encryption

import data.vigil.lib
import rego.v1

# The provider's encrypted argument is a string since version 6 (a boolean before);
# HCL converts either way, Pulumi YAML gets the string.
_fix_value := "true" if input.resource.source == "pulumi"

_fix_value := true if input.resource.source != "pulumi"

_attrs := {
	"aws_redshift_cluster": {"name": "encrypted", "set": "encrypted = true"},
	"AWS::Redshift::Cluster": {"name": "Encrypted", "set": "Encrypted: true"},
	"aws:redshift/cluster:Cluster": {"name": "encrypted", "set": "encrypted: \"true\""},
}

deny contains result if {
	a := _attrs[input.resource.type]
	lib.is_false(input.resource.values[a.name])
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("Redshift cluster turns encryption off, so its data, snapshots and backups are stored unencrypted. Set %s, or remove the setting (new clusters are encrypted by default); encrypting an existing cluster migrates its data.", [a.set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _fix_value}],
		"fix_safety": "unsafe",
	}
}
