# METADATA
# title: RDS databases are not publicly accessible
# description: A publicly accessible database gets a public DNS name and address, so only its security group stands between the internet and the database port. Keep databases private and reach them from inside the VPC, through a VPN, or with a bastion or RDS Proxy.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html
# custom:
#   id: VGL-AWS-RDS-002
#   severity: high
#   enforcement: mandatory
#   resources: [aws_db_instance, aws_rds_cluster_instance, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"]
#   controls:
#     CIS-AWS-Foundations-3.0: ["2.3.3"]
#     NIST-800-53-r5: ["AC-4", "SC-7"]
#     PCI-DSS-4.0: ["1.3.1", "1.4.4"]
#   aliases: [CKV_AWS_17, AWS-0180]
package vigil.aws.rds.public_access

import data.vigil.lib
import rego.v1

_tf if input.resource.source == "terraform"

_cfn if input.resource.source == "cloudformation"

_pulumi if input.resource.source == "pulumi"

deny contains result if {
	_tf
	input.resource.type in {"aws_db_instance", "aws_rds_cluster_instance"}
	lib.is_true(input.resource.values.publicly_accessible)
	result := {
		"msg": "Database has publicly_accessible = true: it gets a public endpoint and only its security group shields it from the internet. Set it to false and connect from inside the VPC, a VPN or a bastion.",
		"path": "/publicly_accessible",
		"fix": [{"op": "replace", "path": "/publicly_accessible", "value": false}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_cfn
	input.resource.type in {"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"}
	lib.is_true(input.resource.values.PubliclyAccessible)
	result := {
		"msg": "Database has PubliclyAccessible: true, so it gets a public endpoint and only its security group shields it from the internet. Set it to false and connect from inside the VPC, a VPN or a bastion.",
		"path": "/PubliclyAccessible",
		"fix": [{"op": "replace", "path": "/PubliclyAccessible", "value": false}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	_pulumi
	input.resource.type in {"aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"}
	lib.is_true(input.resource.values.publiclyAccessible)
	result := {
		"msg": "Database has publiclyAccessible: true, so it gets a public endpoint and only its security group shields it from the internet. Set it to false and connect from inside the VPC, a VPN or a bastion.",
		"path": "/publiclyAccessible",
		"fix": [{"op": "replace", "path": "/publiclyAccessible", "value": false}],
		"fix_safety": "unsafe",
	}
}
