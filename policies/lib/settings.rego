# A policy that checks one setting of a resource, in every format that writes it, as
# a table. A library (no METADATA `custom.id`): it reads the input only when a policy
# calls `check`.
#
#   _specs := [
#   	{"type": "aws_db_instance", "path": "/deletion_protection", "good": [true],
#   	 "missing": true, "fix": true, "msg": "..."},
#   	{"type": "AWS::RDS::DBInstance", "path": "/DeletionProtection", ...},
#   	{"type": "aws:rds/instance:Instance", "path": "/deletionProtection", ...},
#   ]
#
#   deny contains result if some result in settings.check(_specs)
#
# A spec's fields:
#   type         the resource type it applies to (also matches Terraform plans)
#   path         JSON Pointer of the setting, through objects (a block written once):
#                "/tracing_config/mode"; a repeated block (an array) is not looked into
#   good         the accepted values: any other value is a finding
#   bad          or the rejected values: any other value passes
#   min          or the smallest accepted number (numeric strings are read as numbers)
#   missing      true when an omitted setting (absent or null) is a finding, because
#                the provider's default is the insecure value; false or absent when
#                the default is secure (then only a written bad value is reported)
#   fix          the value to write: replaces a bad value, or is added (with the
#                blocks that lead to it) where the setting is missing; no fix without it
#   fix_safety   "unsafe" when the fix may change what the resource does
#   msg          the message for a bad value; "{value}" stands for the value found
#   missing_msg  the message for an omitted setting (defaults to msg, with "{value}"
#                read as "not set")
#
# Booleans compare with their string spellings ("true", "False"), as CloudFormation
# and YAML write them; strings otherwise compare exactly. Unknown values never
# produce a finding (Vigil drops results at or under an unknown pointer).
package vigil.lib.settings

import rego.v1

# check(specs) is the set of results of the specs that apply to the input resource.
check(specs) := {result |
	some spec in specs
	spec.type == input.resource.type
	some result in _results(spec, input.resource.values)
}

_results(spec, values) := {result |
	value := _at(values, spec.path)
	value != null
	_bad(spec, value)
	result := object.union(
		{"msg": replace(spec.msg, "{value}", _shown(value)), "path": spec.path},
		_replace_fix(spec),
	)
} | {result |
	object.get(spec, "missing", false) == true
	not _set(values, spec.path)
	result := object.union(
		{"msg": _missing_msg(spec), "path": spec.path},
		_add_fix(spec, values),
	)
}

_segments(path) := split(trim_prefix(path, "/"), "/")

_absent := {"vigil.settings": "absent"}

_at(values, path) := value if {
	value := object.get(values, _segments(path), _absent)
	value != _absent
}

_set(values, path) if _at(values, path) != null

# ---------------------------------------------------------------------------
# Values

_norm(x) := true if {
	is_string(x)
	lower(x) == "true"
}

_norm(x) := false if {
	is_string(x)
	lower(x) == "false"
}

_norm(x) := x if not _boolean_string(x)

_boolean_string(x) if {
	is_string(x)
	lower(x) in {"true", "false"}
}

_number(x) := x if is_number(x)

_number(x) := to_number(x) if {
	is_string(x)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, x)
}

# Each field is read with object.get and its type checked: a spec without `good`
# must not reach the `not` below (regorus's interpreter held `not x in {..}` true
# there when the field was missing).
_bad(spec, value) if {
	good := object.get(spec, "good", null)
	is_array(good)
	not _listed(value, good)
}

_bad(spec, value) if {
	bad := object.get(spec, "bad", null)
	is_array(bad)
	_listed(value, bad)
}

_bad(spec, value) if {
	least := object.get(spec, "min", null)
	is_number(least)
	_number(value) < least
}

_listed(value, list) if {
	some item in list
	_norm(value) == _norm(item)
}

_shown(value) := value if is_string(value)

_shown(value) := json.marshal(value) if not is_string(value)

_missing_msg(spec) := spec.missing_msg

_missing_msg(spec) := replace(spec.msg, "{value}", "not set") if not spec.missing_msg

# ---------------------------------------------------------------------------
# Fixes

_safety(spec) := {"fix_safety": spec.fix_safety} if spec.fix_safety

_safety(spec) := {} if not spec.fix_safety

_replace_fix(spec) := object.union(
	{"fix": [{"op": "replace", "path": spec.path, "value": spec.fix}]},
	_safety(spec),
) if _has_fix(spec)

_replace_fix(spec) := {} if not _has_fix(spec)

_has_fix(spec) if _ = spec.fix

# Where the setting is missing, the fix adds it under the deepest object of its path
# that exists, with the blocks between written as objects (not over a null or a
# scalar on the way: that has no fix).
_add_fix(spec, values) := object.union(
	{"fix": [{"op": "add", "path": _join(array.slice(segments, 0, depth + 1)), "value": _nest(array.slice(segments, depth + 1, count(segments)), spec.fix)}]},
	_safety(spec),
) if {
	_has_fix(spec)
	segments := _segments(spec.path)
	depth := _object_depth(values, segments)
	object.get(values, array.slice(segments, 0, depth + 1), _absent) == _absent
}

_add_fix(spec, values) := {} if {
	not _add_fix_applies(spec, values)
}

_add_fix_applies(spec, values) if {
	_has_fix(spec)
	segments := _segments(spec.path)
	object.get(values, array.slice(segments, 0, _object_depth(values, segments) + 1), _absent) == _absent
}

# The number of leading segments (fewer than all) whose values are objects.
_object_depth(values, segments) := min({i |
	some i, _ in segments
	i > 0
	not is_object(object.get(values, array.slice(segments, 0, i), null))
} | {count(segments)}) - 1

_join(segments) := concat("", [sprintf("/%s", [s]) | some s in segments])

_nest(keys, value) := value if count(keys) == 0

_nest(keys, value) := {keys[0]: value} if count(keys) == 1

_nest(keys, value) := {keys[0]: {keys[1]: value}} if count(keys) == 2

_nest(keys, value) := {keys[0]: {keys[1]: {keys[2]: value}}} if count(keys) == 3

_nest(keys, value) := {keys[0]: {keys[1]: {keys[2]: {keys[3]: value}}}} if count(keys) == 4
