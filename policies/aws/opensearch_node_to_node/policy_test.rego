package vigil.aws.opensearch.node_to_node_test

import data.vigil.aws.opensearch.node_to_node as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "search", "type": type, "name": "search", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing_block if {
	results := p.deny with input as _in("aws_opensearch_domain", "terraform", {"domain_name": "search"})
	count(results) == 1
	some r in results
	r.path == "/node_to_node_encryption/enabled"
	r.fix == [{"op": "add", "path": "/node_to_node_encryption", "value": {"enabled": true}}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	results := p.deny with input as _in("aws_elasticsearch_domain", "terraform", {"node_to_node_encryption": {"enabled": false}})
	some r in results
	r.fix == [{"op": "replace", "path": "/node_to_node_encryption/enabled", "value": true}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_opensearch_domain", "terraform", {"node_to_node_encryption": {"enabled": true}})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/NodeToNodeEncryptionOptions/Enabled"} with input as _in("AWS::OpenSearchService::Domain", "cloudformation", {"EngineVersion": "OpenSearch_2.13"})
	{r.path | some r in p.deny} == {"/NodeToNodeEncryptionOptions/Enabled"} with input as _in("AWS::Elasticsearch::Domain", "cloudformation", {"NodeToNodeEncryptionOptions": {"Enabled": "false"}})
	count(p.deny) == 0 with input as _in("AWS::OpenSearchService::Domain", "cloudformation", {"NodeToNodeEncryptionOptions": {"Enabled": "true"}})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/nodeToNodeEncryption/enabled"} with input as _in("aws:opensearch/domain:Domain", "pulumi", {"engineVersion": "OpenSearch_2.13"})
	count(p.deny) == 0 with input as _in("aws:elasticsearch/domain:Domain", "pulumi", {"nodeToNodeEncryption": {"enabled": true}})
}
