# METADATA
# title: SQS queues keep server-side encryption on
# description: A queue without server-side encryption stores its messages unencrypted at rest, so the data has no protection beyond access control and the queue cannot demonstrate encryption at rest to an auditor. Since 2022 SQS encrypts new queues with SQS-managed keys (SSE-SQS) by default, so only a queue that explicitly turns SSE-SQS off (sqs_managed_sse_enabled = false, SqsManagedSseEnabled false) without a KMS key is flagged; a queue that leaves the setting out is encrypted. Set it to true (transparent to producers and consumers, no extra cost), or set a KMS key (kms_master_key_id, KmsMasterKeyId) when you need control over the key.
# related_resources:
#   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html
# custom:
#   id: VGL-AWS-SQS-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_sqs_queue, "AWS::SQS::Queue", "aws:sqs/queue:Queue"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_27, AWS-0096]
package vigil.aws.sqs.encryption

import data.vigil.lib
import rego.v1

_values := input.resource.values

# A KMS key is configured (an unknown value counts: it will be a key).
_has_key(obj, key) if {
	v := obj[key]
	v != null
	v != ""
}

deny contains result if {
	input.resource.source == "terraform"
	input.resource.type == "aws_sqs_queue"
	lib.is_false(_values.sqs_managed_sse_enabled)
	not _has_key(_values, "kms_master_key_id")
	result := {
		"msg": "SQS queue sets sqs_managed_sse_enabled = false and has no kms_master_key_id, so its messages are stored unencrypted at rest. Set sqs_managed_sse_enabled to true (SQS-managed keys, transparent to producers and consumers), or set kms_master_key_id to a KMS key.",
		"path": "/sqs_managed_sse_enabled",
		"fix": [{"op": "replace", "path": "/sqs_managed_sse_enabled", "value": true}],
	}
}

deny contains result if {
	input.resource.source == "cloudformation"
	input.resource.type == "AWS::SQS::Queue"
	lib.is_false(_values.SqsManagedSseEnabled)
	not _has_key(_values, "KmsMasterKeyId")
	result := {
		"msg": "SQS queue sets SqsManagedSseEnabled: false and has no KmsMasterKeyId, so its messages are stored unencrypted at rest. Set SqsManagedSseEnabled to true (SQS-managed keys, transparent to producers and consumers), or set KmsMasterKeyId to a KMS key.",
		"path": "/SqsManagedSseEnabled",
		"fix": [{"op": "replace", "path": "/SqsManagedSseEnabled", "value": true}],
	}
}

deny contains result if {
	input.resource.source == "pulumi"
	input.resource.type == "aws:sqs/queue:Queue"
	lib.is_false(_values.sqsManagedSseEnabled)
	not _has_key(_values, "kmsMasterKeyId")
	result := {
		"msg": "SQS queue sets sqsManagedSseEnabled: false and has no kmsMasterKeyId, so its messages are stored unencrypted at rest. Set sqsManagedSseEnabled: true (SQS-managed keys, transparent to producers and consumers), or set kmsMasterKeyId to a KMS key.",
		"path": "/sqsManagedSseEnabled",
		"fix": [{"op": "replace", "path": "/sqsManagedSseEnabled", "value": true}],
	}
}
