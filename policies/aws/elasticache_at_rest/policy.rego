# METADATA
# title: ElastiCache replication groups encrypt data at rest
# description: Without at-rest encryption, the cache's data on disk, in swap and in backups (snapshots exported to S3 included) is unencrypted. For Redis OSS replication groups it is off unless it is asked for (the Terraform provider, CloudFormation and the API default at_rest_encryption_enabled to false); Valkey replication groups, whose default is true in the Terraform provider, are not reported when they leave it out. Serverless caches are always encrypted and are not checked, nor secondary members of a global datastore (they follow the primary). Turning it on replaces an existing replication group.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#at_rest_encryption_enabled
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html
# custom:
#   id: VGL-AWS-ELASTICACHE-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_elasticache_replication_group, "AWS::ElastiCache::ReplicationGroup", "aws:elasticache/replicationGroup:ReplicationGroup"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_29, AWS-0045]
package vigil.aws.elasticache.at_rest

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
	"aws_elasticache_replication_group": {"name": "at_rest_encryption_enabled", "engine": "engine", "set": "at_rest_encryption_enabled = true"},
	"AWS::ElastiCache::ReplicationGroup": {"name": "AtRestEncryptionEnabled", "engine": "Engine", "set": "AtRestEncryptionEnabled: true"},
	"aws:elasticache/replicationGroup:ReplicationGroup": {"name": "atRestEncryptionEnabled", "engine": "engine", "set": "atRestEncryptionEnabled: true"},
}

# The engine defaults to Redis OSS; Valkey is encrypted at rest by default.
_redis(a) if object.get(_values, a.engine, null) == null

_redis(a) if {
	engine := _values[a.engine]
	is_string(engine)
	lower(engine) == "redis"
}

deny contains result if {
	not _secondary
	a := _attrs[input.resource.type]
	lib.is_false(_values[a.name])
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("ElastiCache replication group turns at-rest encryption off, so cached data, swap and backups are stored unencrypted. Set %s (this replaces an existing replication group).", [a.set]),
		"path": path,
		"fix": [{"op": "replace", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}

deny contains result if {
	not _secondary
	a := _attrs[input.resource.type]
	object.get(_values, a.name, null) == null
	_redis(a)
	path := sprintf("/%s", [a.name])
	result := {
		"msg": sprintf("ElastiCache replication group does not set %s, which defaults to false for Redis OSS, so cached data, swap and backups are stored unencrypted. Set %s (this replaces an existing replication group).", [a.name, a.set]),
		"path": path,
		"fix": [{"op": "add", "path": path, "value": true}],
		"fix_safety": "unsafe",
	}
}
