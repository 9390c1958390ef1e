package vigil.aws.redshift.encryption_test

import data.vigil.aws.redshift.encryption as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "warehouse", "type": type, "name": "warehouse", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_false if {
	results := p.deny with input as _in("aws_redshift_cluster", "terraform", {"cluster_identifier": "dw", "encrypted": false})
	count(results) == 1
	some r in results
	r.path == "/encrypted"
	r.fix == [{"op": "replace", "path": "/encrypted", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_default_is_encrypted if {
	count(p.deny) == 0 with input as _in("aws_redshift_cluster", "terraform", {"cluster_identifier": "dw"})
	count(p.deny) == 0 with input as _in("aws_redshift_cluster", "terraform", {"encrypted": true})
	count(p.deny) == 0 with input as _in("aws_redshift_cluster", "terraform", {"encrypted": "${var.encrypted}"})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/Encrypted"} with input as _in("AWS::Redshift::Cluster", "cloudformation", {"Encrypted": "false"})
	count(p.deny) == 0 with input as _in("AWS::Redshift::Cluster", "cloudformation", {"NodeType": "ra3.xlplus"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/encrypted"} with input as _in("aws:redshift/cluster:Cluster", "pulumi", {"encrypted": false})
	count(p.deny) == 0 with input as _in("aws:redshift/cluster:Cluster", "pulumi", {"nodeType": "ra3.xlplus"})
}

test_pulumi_fix_is_a_string if {
	some r in p.deny with input as _in("aws:redshift/cluster:Cluster", "pulumi", {"encrypted": "false"})
	r.fix == [{"op": "replace", "path": "/encrypted", "value": "true"}]
}
