# METADATA
# title: DynamoDB tables have point-in-time recovery on
# description: Point-in-time recovery keeps continuous backups of a table for up to 35 days, so a table damaged by a faulty deployment, a bad script or an attacker can be restored to any second before the damage. It is off by default (point_in_time_recovery and PointInTimeRecoverySpecification default to disabled), and without it only on-demand backups, if anyone took them, can bring the data back. Turning it on does not affect the table's performance; it is billed by table size.
# related_resources:
#   - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#point_in_time_recovery
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-table-pointintimerecoveryspecification.html
# custom:
#   id: VGL-AWS-DYNAMODB-001
#   severity: medium
#   enforcement: advisory
#   resources: [aws_dynamodb_table, "AWS::DynamoDB::Table", "aws:dynamodb/table:Table"]
#   controls:
#     NIST-800-53-r5: ["CP-9", "CP-10"]
#   aliases: [CKV_AWS_28, AWS-0024]
package vigil.aws.dynamodb.pitr

import data.vigil.lib.settings
import rego.v1

_specs := [
	{
		"type": "aws_dynamodb_table", "path": "/point_in_time_recovery/enabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "DynamoDB table has point-in-time recovery turned off (enabled = {value}), so damaged or deleted items cannot be restored to an earlier moment. Set point_in_time_recovery { enabled = true }.",
		"missing_msg": "DynamoDB table has no point-in-time recovery (it is off by default), so damaged or deleted items cannot be restored to an earlier moment. Add point_in_time_recovery { enabled = true }.",
	},
	{
		"type": "AWS::DynamoDB::Table", "path": "/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "DynamoDB table has point-in-time recovery turned off (PointInTimeRecoveryEnabled: {value}), so damaged or deleted items cannot be restored to an earlier moment. Set PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}.",
		"missing_msg": "DynamoDB table has no point-in-time recovery (it is off by default), so damaged or deleted items cannot be restored to an earlier moment. Add PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}.",
	},
	{
		"type": "aws:dynamodb/table:Table", "path": "/pointInTimeRecovery/enabled", "good": [true],
		"missing": true, "fix": true,
		"msg": "DynamoDB table has point-in-time recovery turned off (enabled: {value}), so damaged or deleted items cannot be restored to an earlier moment. Set pointInTimeRecovery: {enabled: true}.",
		"missing_msg": "DynamoDB table has no point-in-time recovery (it is off by default), so damaged or deleted items cannot be restored to an earlier moment. Add pointInTimeRecovery: {enabled: true}.",
	},
]

deny contains result if some result in settings.check(_specs)
