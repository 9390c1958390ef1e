package vigil.aws.opensearch.at_rest_test

import data.vigil.aws.opensearch.at_rest as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "search", "type": type, "name": "search", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing_block if {
	results := p.deny with input as _in("aws_opensearch_domain", "terraform", {"domain_name": "search"})
	count(results) == 1
	some r in results
	r.path == "/encrypt_at_rest/enabled"
	r.fix == [{"op": "add", "path": "/encrypt_at_rest", "value": {"enabled": true}}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	results := p.deny with input as _in("aws_elasticsearch_domain", "terraform", {"encrypt_at_rest": {"enabled": false}})
	some r in results
	r.fix == [{"op": "replace", "path": "/encrypt_at_rest/enabled", "value": true}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_opensearch_domain", "terraform", {"encrypt_at_rest": {"enabled": true, "kms_key_id": "${aws_kms_key.k.arn}"}})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/EncryptionAtRestOptions/Enabled"} with input as _in("AWS::OpenSearchService::Domain", "cloudformation", {"EngineVersion": "OpenSearch_2.13"})
	{r.path | some r in p.deny} == {"/EncryptionAtRestOptions/Enabled"} with input as _in("AWS::Elasticsearch::Domain", "cloudformation", {"EncryptionAtRestOptions": {"Enabled": "false"}})
	count(p.deny) == 0 with input as _in("AWS::OpenSearchService::Domain", "cloudformation", {"EncryptionAtRestOptions": {"Enabled": "true"}})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/encryptAtRest/enabled"} with input as _in("aws:opensearch/domain:Domain", "pulumi", {"engineVersion": "OpenSearch_2.13"})
	count(p.deny) == 0 with input as _in("aws:elasticsearch/domain:Domain", "pulumi", {"encryptAtRest": {"enabled": true}})
}
