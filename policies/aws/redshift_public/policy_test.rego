package vigil.aws.redshift.public_test

import data.vigil.aws.redshift.public as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "warehouse", "type": type, "name": "warehouse", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_public if {
	results := p.deny with input as _in("aws_redshift_cluster", "terraform", {"cluster_identifier": "dw", "publicly_accessible": true})
	count(results) == 1
	some r in results
	r.path == "/publicly_accessible"
	r.fix == [{"op": "replace", "path": "/publicly_accessible", "value": false}]
}

test_tf_serverless if {
	{r.path | some r in p.deny} == {"/publicly_accessible"} with input as _in("aws_redshiftserverless_workgroup", "terraform", {"publicly_accessible": "true"})
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_redshift_cluster", "terraform", {"cluster_identifier": "dw"})
	count(p.deny) == 0 with input as _in("aws_redshift_cluster", "terraform", {"publicly_accessible": false})
	count(p.deny) == 0 with input as _in("aws_redshift_cluster", "terraform", {"publicly_accessible": "${var.public}"})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/PubliclyAccessible"} with input as _in("AWS::Redshift::Cluster", "cloudformation", {"PubliclyAccessible": "true"})
	{r.path | some r in p.deny} == {"/PubliclyAccessible"} with input as _in("AWS::RedshiftServerless::Workgroup", "cloudformation", {"PubliclyAccessible": true})
	count(p.deny) == 0 with input as _in("AWS::Redshift::Cluster", "cloudformation", {"NodeType": "ra3.xlplus"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/publiclyAccessible"} with input as _in("aws:redshift/cluster:Cluster", "pulumi", {"publiclyAccessible": true})
	count(p.deny) == 0 with input as _in("aws:redshiftserverless/workgroup:Workgroup", "pulumi", {"workgroupName": "wg"})
}
