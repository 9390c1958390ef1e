package vigil.aws.elasticache.at_rest_test

import data.vigil.aws.elasticache.at_rest as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "sessions", "type": type, "name": "sessions", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_elasticache_replication_group", "terraform", {"replication_group_id": "sessions", "engine": "redis"})
	count(results) == 1
	some r in results
	r.path == "/at_rest_encryption_enabled"
	r.fix == [{"op": "add", "path": "/at_rest_encryption_enabled", "value": true}]
	r.fix_safety == "unsafe"
}

test_tf_false if {
	results := p.deny with input as _in("aws_elasticache_replication_group", "terraform", {"at_rest_encryption_enabled": false, "engine": "valkey"})
	{r.path | some r in results} == {"/at_rest_encryption_enabled"}
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"at_rest_encryption_enabled": true})
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"engine": "valkey"})
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"engine": "${var.engine}"})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/AtRestEncryptionEnabled"} with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"Engine": "redis"})
	{r.path | some r in p.deny} == {"/AtRestEncryptionEnabled"} with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"AtRestEncryptionEnabled": "false"})
	count(p.deny) == 0 with input as _in("AWS::ElastiCache::ReplicationGroup", "cloudformation", {"AtRestEncryptionEnabled": "true"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/atRestEncryptionEnabled"} with input as _in("aws:elasticache/replicationGroup:ReplicationGroup", "pulumi", {"nodeType": "cache.t4g.small"})
	count(p.deny) == 0 with input as _in("aws:elasticache/replicationGroup:ReplicationGroup", "pulumi", {"atRestEncryptionEnabled": true})
}

test_global_secondary if {
	count(p.deny) == 0 with input as _in("aws_elasticache_replication_group", "terraform", {"global_replication_group_id": "${aws_elasticache_global_replication_group.g.global_replication_group_id}"})
}
