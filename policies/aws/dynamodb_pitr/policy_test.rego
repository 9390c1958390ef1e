package vigil.aws.dynamodb.pitr_test

import data.vigil.aws.dynamodb.pitr as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "table", "type": type, "name": "table", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("aws_dynamodb_table", "terraform", {"name": "orders"})
	count(results) == 1
	some r in results
	r.path == "/point_in_time_recovery/enabled"
	r.fix == [{"op": "add", "path": "/point_in_time_recovery", "value": {"enabled": true}}]
}

test_tf_disabled if {
	results := p.deny with input as _res("aws_dynamodb_table", "terraform", {"point_in_time_recovery": {"enabled": false}})
	some r in results
	r.fix == [{"op": "replace", "path": "/point_in_time_recovery/enabled", "value": true}]
}

test_tf_enabled if {
	count(p.deny) == 0 with input as _res("aws_dynamodb_table", "terraform", {"point_in_time_recovery": {"enabled": true}})
}

test_cfn if {
	results := p.deny with input as _res("AWS::DynamoDB::Table", "cloudformation", {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "false"}})
	some r in results
	r.path == "/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled"
	count(p.deny) == 0 with input as _res("AWS::DynamoDB::Table", "cloudformation", {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}})
}

test_pulumi if {
	results := p.deny with input as _res("aws:dynamodb/table:Table", "pulumi", {})
	some r in results
	r.path == "/pointInTimeRecovery/enabled"
	count(p.deny) == 0 with input as _res("aws:dynamodb/table:Table", "pulumi", {"pointInTimeRecovery": {"enabled": true}})
}
