# METADATA
# title: Redshift clusters and workgroups are not publicly accessible
# description: A publicly accessible Redshift cluster or serverless workgroup gets a public IP address, so its database port can be reached from the internet wherever the security groups allow it, which exposes it to scanning and credential attacks. Since January 2025 Amazon Redshift creates clusters private by default, version 6 of the Terraform AWS provider defaults publicly_accessible to false (5.x defaulted to true), and serverless workgroups default to false; so only an explicit publicly_accessible = true (PubliclyAccessible, publiclyAccessible) is reported. Clusters managed with AWS provider 5.x or older should set it to false explicitly.
# related_resources:
#   - https://docs.aws.amazon.com/redshift/latest/mgmt/rs-security-vpc.html
#   - https://aws.amazon.com/about-aws/whats-new/2024/11/amazon-redshift-enhanced-security-defaults/
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#publicly_accessible
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshiftserverless_workgroup#publicly_accessible
# custom:
#   id: VGL-AWS-REDSHIFT-002
#   severity: high
#   enforcement: mandatory
#   resources:
#     - aws_redshift_cluster
#     - aws_redshiftserverless_workgroup
#     - "AWS::Redshift::Cluster"
#     - "AWS::RedshiftServerless::Workgroup"
#     - "aws:redshift/cluster:Cluster"
#     - "aws:redshiftserverless/workgroup:Workgroup"
#   controls:
#     NIST-800-53-r5: ["AC-3", "SC-7"]
#     PCI-DSS-4.0: ["1.4.4"]
#   aliases: [CKV_AWS_87]
package vigil.aws.redshift.public

import data.vigil.lib
import rego.v1

_attrs := {
	"aws_redshift_cluster": {"name": "publicly_accessible", "set": "publicly_accessible = false"},
	"aws_redshiftserverless_workgroup": {"name": "publicly_accessible", "set": "publicly_accessible = false"},
	"AWS::Redshift::Cluster": {"name": "PubliclyAccessible", "set": "PubliclyAccessible: false"},
	"AWS::RedshiftServerless::Workgroup": {"name": "PubliclyAccessible", "set": "PubliclyAccessible: false"},
	"aws:redshift/cluster:Cluster": {"name": "publiclyAccessible", "set": "publiclyAccessible: false"},
	"aws:redshiftserverless/workgroup:Workgroup": {"name": "publiclyAccessible", "set": "publiclyAccessible: false"},
}

_what := "workgroup" if contains(lower(input.resource.type), "serverless")

_what := "cluster" if not contains(lower(input.resource.type), "serverless")

deny contains result if {
	a := _attrs[input.resource.type]
	lib.is_true(input.resource.values[a.name])
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("Redshift %s is publicly accessible, so its database endpoint gets a public IP address reachable from the internet. Set %s and connect through the VPC, a VPN or a bastion.", [_what, a.set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": false}],
		"fix_safety": "unsafe",
	}
}
