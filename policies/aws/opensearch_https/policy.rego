# METADATA
# title: OpenSearch domains require HTTPS with TLS 1.2
# description: A domain that does not enforce HTTPS accepts plain HTTP requests, so credentials, queries and documents can be read or altered on the way; one that allows TLS 1.0 and 1.1 accepts protocols with known weaknesses. The API and CloudFormation leave HTTPS unenforced unless DomainEndpointOptions asks for it, and so does the Terraform provider when the domain_endpoint_options block is left out (inside the block enforce_https defaults to true, and an omitted setting there is not reported). A TLS policy is reported only when it is the TLS 1.0 policy. Clients that still use HTTP or old TLS stop working once this is fixed.
# related_resources:
#   - https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html
#   - https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/opensearch_domain#domain_endpoint_options
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain#domain_endpoint_options
# custom:
#   id: VGL-AWS-OPENSEARCH-003
#   severity: high
#   enforcement: mandatory
#   resources:
#     - aws_opensearch_domain
#     - aws_elasticsearch_domain
#     - "AWS::OpenSearchService::Domain"
#     - "AWS::Elasticsearch::Domain"
#     - "aws:opensearch/domain:Domain"
#     - "aws:elasticsearch/domain:Domain"
#   controls:
#     NIST-800-53-r5: ["SC-8", "SC-13"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AWS_83, CKV_AWS_228, AWS-0046, AWS-0126]
package vigil.aws.opensearch.https

import data.vigil.lib
import rego.v1

_values := input.resource.values

_tls12 := "Policy-Min-TLS-1-2-2019-07"

# Per type: the block, its HTTPS and TLS policy settings, whether an omitted HTTPS
# setting inside the block defaults to true, and how to write it.
_attrs := {
	"aws_opensearch_domain": _tf,
	"aws_elasticsearch_domain": _tf,
	"AWS::OpenSearchService::Domain": _cfn,
	"AWS::Elasticsearch::Domain": _cfn,
	"aws:opensearch/domain:Domain": _pulumi,
	"aws:elasticsearch/domain:Domain": _pulumi,
}

_tf := {
	"block": "domain_endpoint_options", "https": "enforce_https", "tls": "tls_security_policy",
	"inner_default": true, "set": "domain_endpoint_options { enforce_https = true }",
	"tls_set": "tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\"",
}

_cfn := {
	"block": "DomainEndpointOptions", "https": "EnforceHTTPS", "tls": "TLSSecurityPolicy",
	"inner_default": false, "set": "DomainEndpointOptions with EnforceHTTPS: true",
	"tls_set": "TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07",
}

_pulumi := {
	"block": "domainEndpointOptions", "https": "enforceHttps", "tls": "tlsSecurityPolicy",
	"inner_default": true, "set": "domainEndpointOptions: {enforceHttps: true}",
	"tls_set": "tlsSecurityPolicy: Policy-Min-TLS-1-2-2019-07",
}

_https_path(a) := sprintf("/%s/%s", [a.block, a.https])

# No endpoint options at all: HTTP is accepted.
deny contains result if {
	a := _attrs[input.resource.type]
	object.get(_values, a.block, null) == null
	result := {
		"msg": sprintf("OpenSearch domain does not enforce HTTPS, so requests, credentials and documents can travel over plain HTTP. Add %s and %s.", [a.set, a.tls_set]),
		"path": _https_path(a),
		"fix": [{"op": "add", "path": sprintf("/%s", [a.block]), "value": {a.https: true, a.tls: _tls12}}],
		"fix_safety": "unsafe",
	}
}

# The block without the setting: insecure only where it defaults to false.
deny contains result if {
	a := _attrs[input.resource.type]
	block := _values[a.block]
	is_object(block)
	object.get(block, a.https, null) == null
	not a.inner_default
	result := {
		"msg": sprintf("OpenSearch domain does not set %s, which defaults to false, so requests, credentials and documents can travel over plain HTTP. Set %s.", [a.https, a.set]),
		"path": _https_path(a),
		"fix": [{"op": "add", "path": _https_path(a), "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	a := _attrs[input.resource.type]
	lib.is_false(_values[a.block][a.https])
	result := {
		"msg": sprintf("OpenSearch domain turns %s off, so requests, credentials and documents can travel over plain HTTP. Set %s.", [a.https, a.set]),
		"path": _https_path(a),
		"fix": [{"op": "replace", "path": _https_path(a), "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	a := _attrs[input.resource.type]
	_values[a.block][a.tls] == "Policy-Min-TLS-1-0-2019-07"
	path := sprintf("/%s/%s", [a.block, a.tls])
	result := {
		"msg": sprintf("OpenSearch domain accepts TLS 1.0 and 1.1 (Policy-Min-TLS-1-0-2019-07), protocols with known weaknesses. Set %s (or Policy-Min-TLS-1-2-PFS-2023-10).", [a.tls_set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": _tls12}],
		"fix_safety": "unsafe",
	}
}
