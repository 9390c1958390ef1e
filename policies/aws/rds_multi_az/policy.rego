# METADATA
# title: RDS instances run in several availability zones
# description: A single-AZ RDS instance is down while its availability zone, host or storage fails, and during some maintenance; with Multi-AZ, RDS keeps a synchronous standby in another zone and fails over to it in a minute or two. Multi-AZ is off unless it is set (the Terraform provider, CloudFormation and the RDS API default to false). Aurora cluster members (Aurora replicates across zones itself), read replicas, SQL Server Express (which cannot be Multi-AZ) and instances whose engine is not known are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#multi_az
# custom:
#   id: VGL-AWS-RDS-009
#   severity: low
#   enforcement: advisory
#   resources: [aws_db_instance, "AWS::RDS::DBInstance", "aws:rds/instance:Instance"]
#   controls:
#     NIST-800-53-r5: ["CP-10", "SC-36"]
#   aliases: [CKV_AWS_157]
package vigil.aws.rds.multi_az

import data.vigil.lib.settings
import rego.v1

_values := input.resource.values

_known_string(x) if {
	is_string(x)
	not contains(x, "${")
}

_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

_engine := lower(_values[key]) if {
	some key in ["engine", "Engine"]
	_known_string(_values[key])
}

_single_az_engine if startswith(_engine, "aurora")

_single_az_engine if _engine == "sqlserver-ex"

# RDS Custom manages its own availability.
_single_az_engine if startswith(_engine, "custom-")

_skip_keys := {
	"aws_db_instance": ["replicate_source_db"],
	"aws:rds/instance:Instance": ["replicateSourceDb"],
	"AWS::RDS::DBInstance": ["SourceDBInstanceIdentifier", "SourceDBClusterIdentifier", "DBClusterIdentifier"],
}

_excluded if {
	some key in _skip_keys[input.resource.type]
	_set(key)
}

_spec(type, path, msg, missing_msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true, "fix_safety": "unsafe",
	"msg": msg, "missing_msg": missing_msg,
}

_specs := [
	_spec(
		"aws_db_instance", "/multi_az",
		"RDS instance has multi_az = {value}: it is down whenever its availability zone or host fails. Set multi_az = true for a standby in another zone (it doubles the instance cost).",
		"RDS instance does not set multi_az (the default is false): it is down whenever its availability zone or host fails. Set multi_az = true for a standby in another zone (it doubles the instance cost).",
	),
	_spec(
		"AWS::RDS::DBInstance", "/MultiAZ",
		"RDS instance has MultiAZ: {value}, so it is down whenever its availability zone or host fails. Set MultiAZ: true for a standby in another zone (it doubles the instance cost).",
		"RDS instance does not set MultiAZ (the default is false): it is down whenever its availability zone or host fails. Set MultiAZ: true for a standby in another zone (it doubles the instance cost).",
	),
	_spec(
		"aws:rds/instance:Instance", "/multiAz",
		"RDS instance has multiAz: {value}, so it is down whenever its availability zone or host fails. Set multiAz: true for a standby in another zone (it doubles the instance cost).",
		"RDS instance does not set multiAz (the default is false): it is down whenever its availability zone or host fails. Set multiAz: true for a standby in another zone (it doubles the instance cost).",
	),
]

deny contains result if {
	_engine
	not _single_az_engine
	not _excluded
	some result in settings.check(_specs)
}
