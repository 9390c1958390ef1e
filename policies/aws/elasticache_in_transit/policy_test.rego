package vigil.aws.elasticache.in_transit_test

import data.vigil.aws.elasticache.in_transit as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "sessions", "type": type, "name": "sessions", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_elasticache_replication_group", "terraform", {"replication_group_id": "sessions", "engine": "valkey"})
	count(results) == 1
	some r in results
	r.path == "/transit_encryption_enabled"
	r.fix == [{"op": "add", "path": "/transit_encryption_enabled", "value": true}]
}

test_tf_false_and_preferred if {
	{r.path | some r in p.deny} == {"/transit_encryption_enabled"} with input as _in("aws_elasticache_replication_group", "terraform", {"transit_encryption_enabled": false})
	results := p.deny with input as _in("aws_elasticache_replication_group", "terraform", {"transit_encryption_enabled": true, "transit_encryption_mode": "preferred"})
	some r in results
	r.path == "/transit_encryption_mode"
	r.fix == [{"op": "replace", "path": "/transit_encryption_mode", "value": "required"}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"transit_encryption_enabled": true})
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"transit_encryption_enabled": true, "transit_encryption_mode": "required"})
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"transit_encryption_enabled": "${var.tls}"})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/TransitEncryptionEnabled"} with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"Engine": "redis"})
	{r.path | some r in p.deny} == {"/TransitEncryptionEnabled"} with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"TransitEncryptionEnabled": "false"})
	count(p.deny) == 0 with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"TransitEncryptionEnabled": "true"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/transitEncryptionEnabled"} with input as _in("aws:elasticache/replicationGroup:ReplicationGroup", "pulumi", {"nodeType": "cache.t4g.small"})
	{r.path | some r in p.deny} == {"/transitEncryptionMode"} with input as _in("aws:elasticache/replicationGroup:ReplicationGroup", "pulumi", {"transitEncryptionEnabled": true, "transitEncryptionMode": "preferred"})
	count(p.deny) == 0 with input as _in("aws:elasticache/replicationGroup:ReplicationGroup", "pulumi", {"transitEncryptionEnabled": true})
}

test_global_secondary if {
	count(p.deny) == 0 with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"GlobalReplicationGroupId": "ldgnf-global"})
}
