# METADATA
# title: OpenSearch domains encrypt traffic between nodes
# description: Without node-to-node encryption, the nodes of an OpenSearch or Elasticsearch domain exchange documents, queries and results over plain TCP inside the VPC, where anyone with access to the network path can read them. It is off unless it is asked for (the Terraform provider defaults node_to_node_encryption.enabled to false when the block is left out; CloudFormation and the API likewise), so a domain without it is reported. It needs OpenSearch 1.0 or Elasticsearch 6.0; enabling it on an existing domain starts a blue/green update and cannot be undone.
# related_resources:
#   - https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/opensearch_domain#node_to_node_encryption
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain#node_to_node_encryption
# custom:
#   id: VGL-AWS-OPENSEARCH-002
#   severity: medium
#   enforcement: mandatory
#   resources:
#     - aws_opensearch_domain
#     - aws_elasticsearch_domain
#     - "AWS::OpenSearchService::Domain"
#     - "AWS::Elasticsearch::Domain"
#     - "aws:opensearch/domain:Domain"
#     - "aws:elasticsearch/domain:Domain"
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#   aliases: [CKV_AWS_6, AWS-0043]
package vigil.aws.opensearch.node_to_node

import data.vigil.lib.settings
import rego.v1

_tf_msg := "OpenSearch domain does not encrypt traffic between its nodes (node_to_node_encryption.enabled is {value}), so documents and queries cross the VPC in clear text. Set node_to_node_encryption { enabled = true } (a blue/green update of an existing domain)."

_cfn_msg := "OpenSearch domain does not encrypt traffic between its nodes (NodeToNodeEncryptionOptions.Enabled is {value}), so documents and queries cross the VPC in clear text. Set NodeToNodeEncryptionOptions with Enabled: true (a blue/green update of an existing domain)."

_pulumi_msg := "OpenSearch domain does not encrypt traffic between its nodes (nodeToNodeEncryption.enabled is {value}), so documents and queries cross the VPC in clear text. Set nodeToNodeEncryption: {enabled: true} (a blue/green update of an existing domain)."

_spec(type, path, msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true,
	"fix_safety": "unsafe", "msg": msg,
}

_specs := [
	_spec("aws_opensearch_domain", "/node_to_node_encryption/enabled", _tf_msg),
	_spec("aws_elasticsearch_domain", "/node_to_node_encryption/enabled", _tf_msg),
	_spec("AWS::OpenSearchService::Domain", "/NodeToNodeEncryptionOptions/Enabled", _cfn_msg),
	_spec("AWS::Elasticsearch::Domain", "/NodeToNodeEncryptionOptions/Enabled", _cfn_msg),
	_spec("aws:opensearch/domain:Domain", "/nodeToNodeEncryption/enabled", _pulumi_msg),
	_spec("aws:elasticsearch/domain:Domain", "/nodeToNodeEncryption/enabled", _pulumi_msg),
]

deny contains result if some result in settings.check(_specs)
