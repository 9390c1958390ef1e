package vigil.aws.opensearch.https_test

import data.vigil.aws.opensearch.https as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "search", "type": type, "name": "search", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing_block if {
	results := p.deny with input as _in("aws_opensearch_domain", "terraform", {"domain_name": "search"})
	count(results) == 1
	some r in results
	r.path == "/domain_endpoint_options/enforce_https"
	r.fix == [{"op": "add", "path": "/domain_endpoint_options", "value": {"enforce_https": true, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}}]
}

test_tf_block_defaults_to_https if {
	count(p.deny) == 0 with input as _in("aws_opensearch_domain", "terraform", {"domain_endpoint_options": {"tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"}})
	count(p.deny) == 0 with input as _in("aws_elasticsearch_domain", "terraform", {"domain_endpoint_options": {"enforce_https": true}})
	count(p.deny) == 0 with input as _in("aws_elasticsearch_domain", "terraform", {"domain_endpoint_options": {"enforce_https": "${var.https}"}})
}

test_tf_false_and_old_tls if {
	results := p.deny with input as _in("aws_elasticsearch_domain", "terraform", {"domain_endpoint_options": {"enforce_https": false, "tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}})
	{r.path | some r in results} == {"/domain_endpoint_options/enforce_https", "/domain_endpoint_options/tls_security_policy"}
}

test_cfn if {
	{r.path | some r in p.deny} == {"/DomainEndpointOptions/EnforceHTTPS"} with input as _in("AWS::OpenSearchService::Domain", "cloudformation", {"EngineVersion": "OpenSearch_2.13"})
	results := p.deny with input as _in("AWS::Elasticsearch::Domain", "cloudformation", {"DomainEndpointOptions": {"TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"}})
	some r in results
	r.fix == [{"op": "add", "path": "/DomainEndpointOptions/EnforceHTTPS", "value": true}]
	count(p.deny) == 0 with input as _in("AWS::OpenSearchService::Domain", "cloudformation", {"DomainEndpointOptions": {"EnforceHTTPS": "true"}})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/domainEndpointOptions/enforceHttps"} with input as _in("aws:opensearch/domain:Domain", "pulumi", {"engineVersion": "OpenSearch_2.13"})
	{r.path | some r in p.deny} == {"/domainEndpointOptions/tlsSecurityPolicy"} with input as _in("aws:opensearch/domain:Domain", "pulumi", {"domainEndpointOptions": {"tlsSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"}})
	count(p.deny) == 0 with input as _in("aws:elasticsearch/domain:Domain", "pulumi", {"domainEndpointOptions": {"enforceHttps": true}})
}
