# Tests of the settings table (settings.rego).
package vigil.lib.settings_test
import data.vigil.lib.settings
import rego.v1
_specs := [
 {"type": "aws_lambda_function", "path": "/tracing_config/mode", "good": ["Active"], "missing": true, "fix": "Active", "msg": "tracing is {value}"},
 {"type": "aws_db_instance", "path": "/deletion_protection", "good": [true], "missing": true, "fix": true, "msg": "dp {value}", "fix_safety": "unsafe"},
 {"type": "x", "path": "/n", "min": 7, "msg": "n {value}"},
]
r(values, t) := x if {
  inp := {"resource": {"type": t, "values": values}}
  x := settings.check(_specs) with input as inp
}
test_missing_block if {
  r({}, "aws_lambda_function") == {{"msg": "tracing is not set", "path": "/tracing_config/mode", "fix": [{"op": "add", "path": "/tracing_config", "value": {"mode": "Active"}}]}}
}
test_missing_attr if {
  r({"tracing_config": {}}, "aws_lambda_function") == {{"msg": "tracing is not set", "path": "/tracing_config/mode", "fix": [{"op": "add", "path": "/tracing_config/mode", "value": "Active"}]}}
}
test_bad if {
  r({"tracing_config": {"mode": "PassThrough"}}, "aws_lambda_function") == {{"msg": "tracing is PassThrough", "path": "/tracing_config/mode", "fix": [{"op": "replace", "path": "/tracing_config/mode", "value": "Active"}]}}
}
test_good if {
  count(r({"tracing_config": {"mode": "Active"}}, "aws_lambda_function")) == 0
  count(r({"deletion_protection": "True"}, "aws_db_instance")) == 0
  count(r({"n": "8"}, "x")) == 0
  count(r({}, "x")) == 0
}
test_bool if {
  r({"deletion_protection": "false"}, "aws_db_instance") == {{"msg": "dp false", "path": "/deletion_protection", "fix_safety": "unsafe", "fix": [{"op": "replace", "path": "/deletion_protection", "value": true}]}}
  r({"n": 3}, "x") == {{"msg": "n 3", "path": "/n"}}
}
test_null_block_no_fix if {
  r({"tracing_config": null}, "aws_lambda_function") == {{"msg": "tracing is not set", "path": "/tracing_config/mode"}}
}

_only_bad := [{"type": "t", "path": "/a", "bad": ["NONE"], "msg": "a is {value}"}]

_only_min := [{"type": "t", "path": "/n", "min": 3, "msg": "n is {value}"}]

# A spec with only `bad` (or only `min`) passes every other value.
test_bad_and_min_alone if {
	inp := {"resource": {"type": "t", "values": {"a": "AWS_IAM", "n": "5"}}}
	passed_bad := settings.check(_only_bad) with input as inp
	passed_min := settings.check(_only_min) with input as inp
	count(passed_bad) == 0
	count(passed_min) == 0
	bad := {"resource": {"type": "t", "values": {"a": "NONE", "n": 2}}}
	failed_bad := settings.check(_only_bad) with input as bad
	failed_min := settings.check(_only_min) with input as bad
	failed_bad == {{"msg": "a is NONE", "path": "/a"}}
	failed_min == {{"msg": "n is 2", "path": "/n"}}
}
