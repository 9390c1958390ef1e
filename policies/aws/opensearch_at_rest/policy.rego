# METADATA
# title: OpenSearch domains encrypt data at rest
# description: Without encryption at rest, an OpenSearch or Elasticsearch domain keeps its indices, swap, logs and automated snapshots unencrypted. It is off unless it is asked for (the Terraform provider defaults encrypt_at_rest.enabled to false when the block is left out; CloudFormation and the API likewise), so a domain without it is reported. It needs OpenSearch 1.0 or Elasticsearch 5.1 and an instance type that supports it; enabling it on an existing domain starts a blue/green update.
# related_resources:
#   - https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/opensearch_domain#encrypt_at_rest
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain#encrypt_at_rest
# custom:
#   id: VGL-AWS-OPENSEARCH-001
#   severity: medium
#   enforcement: advisory
#   resources:
#     - aws_opensearch_domain
#     - aws_elasticsearch_domain
#     - "AWS::OpenSearchService::Domain"
#     - "AWS::Elasticsearch::Domain"
#     - "aws:opensearch/domain:Domain"
#     - "aws:elasticsearch/domain:Domain"
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_5, AWS-0048]
package vigil.aws.opensearch.at_rest

import data.vigil.lib.settings
import rego.v1

_tf_msg := "OpenSearch domain does not encrypt data at rest (encrypt_at_rest.enabled is {value}), so indices, logs and snapshots are stored unencrypted. Set encrypt_at_rest { enabled = true } (this starts a blue/green update of an existing domain)."

_cfn_msg := "OpenSearch domain does not encrypt data at rest (EncryptionAtRestOptions.Enabled is {value}), so indices, logs and snapshots are stored unencrypted. Set EncryptionAtRestOptions with Enabled: true (this starts a blue/green update of an existing domain)."

_pulumi_msg := "OpenSearch domain does not encrypt data at rest (encryptAtRest.enabled is {value}), so indices, logs and snapshots are stored unencrypted. Set encryptAtRest: {enabled: true} (this starts a blue/green update of an existing domain)."

_spec(type, path, msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true,
	"fix_safety": "unsafe", "msg": msg,
}

_specs := [
	_spec("aws_opensearch_domain", "/encrypt_at_rest/enabled", _tf_msg),
	_spec("aws_elasticsearch_domain", "/encrypt_at_rest/enabled", _tf_msg),
	_spec("AWS::OpenSearchService::Domain", "/EncryptionAtRestOptions/Enabled", _cfn_msg),
	_spec("AWS::Elasticsearch::Domain", "/EncryptionAtRestOptions/Enabled", _cfn_msg),
	_spec("aws:opensearch/domain:Domain", "/encryptAtRest/enabled", _pulumi_msg),
	_spec("aws:elasticsearch/domain:Domain", "/encryptAtRest/enabled", _pulumi_msg),
]

deny contains result if some result in settings.check(_specs)
