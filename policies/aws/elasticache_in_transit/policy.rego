# METADATA
# title: ElastiCache replication groups require TLS
# description: Without in-transit encryption, clients, replicas and the cache exchange data and AUTH tokens in clear text that anyone on the network path can read. It is off unless it is asked for (the Terraform provider, CloudFormation and the API default transit_encryption_enabled to false), and transit encryption mode "preferred", meant only for migrations, still accepts unencrypted connections. Serverless caches always require TLS and are not checked, nor secondary members of a global datastore (they follow the primary). Clients must connect with TLS once it is on.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#transit_encryption_enabled
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html
# custom:
#   id: VGL-AWS-ELASTICACHE-002
#   severity: medium
#   enforcement: mandatory
#   resources: [aws_elasticache_replication_group, "AWS::ElastiCache::ReplicationGroup", "aws:elasticache/replicationGroup:ReplicationGroup"]
#   controls:
#     NIST-800-53-r5: ["SC-8"]
#     PCI-DSS-4.0: ["4.2.1"]
#   aliases: [CKV_AWS_30, AWS-0051]
package vigil.aws.elasticache.in_transit

import data.vigil.lib
import rego.v1

_values := input.resource.values

# A secondary member of a global datastore takes its encryption settings from the
# global replication group.
_secondary if {
	some key in ["global_replication_group_id", "GlobalReplicationGroupId", "globalReplicationGroupId"]
	v := input.resource.values[key]
	v != null
	v != ""
}

_attrs := {
	"aws_elasticache_replication_group": {"name": "transit_encryption_enabled", "mode": "transit_encryption_mode", "set": "transit_encryption_enabled = true", "required": "transit_encryption_mode = \"required\""},
	"AWS::ElastiCache::ReplicationGroup": {"name": "TransitEncryptionEnabled", "mode": "TransitEncryptionMode", "set": "TransitEncryptionEnabled: true", "required": "TransitEncryptionMode: required"},
	"aws:elasticache/replicationGroup:ReplicationGroup": {"name": "transitEncryptionEnabled", "mode": "transitEncryptionMode", "set": "transitEncryptionEnabled: true", "required": "transitEncryptionMode: required"},
}

deny contains result if {
	not _secondary
	a := _attrs[input.resource.type]
	lib.is_false(_values[a.name])
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("ElastiCache replication group turns in-transit encryption off, so data and AUTH tokens cross the network in clear text. Set %s (clients must then connect with TLS).", [a.set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	not _secondary
	a := _attrs[input.resource.type]
	object.get(_values, a.name, null) == null
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("ElastiCache replication group does not set %s, which defaults to false, so data and AUTH tokens cross the network in clear text. Set %s (clients must then connect with TLS).", [a.name, a.set]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	not _secondary
	a := _attrs[input.resource.type]
	mode := _values[a.mode]
	is_string(mode)
	lower(mode) == "preferred"
	not lib.is_false(_values[a.name])
	path := sprintf("/%s", [a.mode])
	result := {
		"msg": sprintf("ElastiCache replication group uses transit encryption mode \"preferred\", which still accepts unencrypted connections. Once every client uses TLS, set %s.", [a.required]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": "required"}],
		"fix_safety": "unsafe",
	}
}
