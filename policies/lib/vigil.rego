# Helpers shared by the built-in policies. A package without a METADATA `custom.id`
# is a library: it is loaded before every policy and never evaluated on its own.
package vigil.lib

import rego.v1

# as_array normalises a Terraform block that may repeat: one block is an object,
# several are an array. Scalars and undefined values yield nothing.
as_array(x) := x if is_array(x)

as_array(x) := [x] if is_object(x)

# blocks(obj, key) is the list of `key` blocks of obj, empty when there is none.
blocks(obj, key) := as_array(obj[key])

blocks(obj, key) := [] if not has_key(obj, key)

# is_true accepts the spellings of "true" that the IaC formats allow.
is_true(x) if x == true

is_true(x) if {
	is_string(x)
	lower(x) == "true"
}

# is_false accepts the spellings of "false" that the IaC formats allow.
is_false(x) if x == false

is_false(x) if {
	is_string(x)
	lower(x) == "false"
}

# has_key holds when obj has the key, whatever its value (also null or false).
has_key(obj, key) if _ = obj[key]

# The resources of the current stack, indexed by type; empty outside `vigil check`
# (for example in `_test.rego` files that do not mock data.vigil.stack).
stack_resources(type) := data.vigil.stack.by_type[type]

stack_resources(type) := [] if not data.vigil.stack.by_type[type]

# references_to(resource, address) holds when any attribute of resource refers to address.
references_to(resource, address) if {
	some refs in object.get(resource, "references", {})
	address in refs
}

# block_entries(obj, key, prefix) lists the `key` blocks of obj, which sits at JSON
# Pointer prefix ("" for the resource's values), as {"path": pointer, "value": block}:
# one entry for a single block (`/ingress`), one per element when it repeats
# (`/ingress/0`, `/ingress/1`). Empty when there is no such block.
block_entries(obj, key, prefix) := [{"path": sprintf("%s/%s/%d", [prefix, key, i]), "value": v} |
	some i, v in obj[key]
] if is_array(obj[key])

block_entries(obj, key, prefix) := [{"path": sprintf("%s/%s", [prefix, key]), "value": obj[key]}] if is_object(obj[key])

block_entries(obj, key, _) := [] if {
	not is_array(obj[key])
	not is_object(obj[key])
}

# input_referrers is the set of attributes of other resources of the stack that refer
# to the input resource (by its address, or without its instance key), each as
# {"address", "type", "pointer"}. Cheaper than scanning data.vigil.stack.resources:
# a policy that reads the stack only through this and stack_resources is re-evaluated
# only when those change. Import it by name (`import data.vigil.lib.input_referrers`):
# read as `lib.input_referrers`, regorus first evaluates every rule of data.vigil.lib
# and of its sub-packages (data.vigil.lib.kubernetes), for each resource.
input_referrers contains r if {
	some address in {input.resource.address, regex.replace(input.resource.address, `\[[^\]]*\]$`, "")}
	some r in data.vigil.stack.referrers[address]
}

# The same from the resources, for a data.vigil.stack without its index of references
# (one mocked in a test as {"resources": [...], "by_type": {...}}; Vigil's has it).
input_referrers contains r if {
	not data.vigil.stack.referrers
	some address in {input.resource.address, regex.replace(input.resource.address, `\[[^\]]*\]$`, "")}
	some x in data.vigil.stack.resources
	some pointer, refs in object.get(x, "references", {})
	address in refs
	r := {"address": x.address, "type": x.type, "pointer": pointer}
}

# stack_resource_at(type, address) is the resource of the stack at address, when it has
# this type (undefined otherwise, and when several resources have that address, which
# no loader produces): one lookup, where a scan of stack_resources(type) would look at
# every resource of the type. Typically the resource an input_referrers entry names:
#   some ref in lib.input_referrers
#   ref.type == "aws_s3_bucket_acl"
#   acl := lib.stack_resource_at("aws_s3_bucket_acl", ref.address)
# Call it with a literal type: the policy is then re-evaluated when resources of that
# type change, as with stack_resources.
stack_resource_at(type, address) := r if {
	r := data.vigil.stack.by_address[address]
	r.type == type
}

# stack_of(resources) is the data.vigil.stack that Vigil builds for these resources
# (resources, by_type, referrers, by_address), for policy tests:
#   p.deny with input as {...} with data.vigil.stack as lib.stack_of([logging])
stack_of(resources) := {
	"resources": resources,
	"by_type": {t: rs |
		some x in resources
		t := x.type
		rs := [r | some r in resources; r.type == t]
	},
	"referrers": _referrers(_reference_edges(resources)),
	# Addresses that several resources share are left out, as Vigil does.
	"by_address": {a: rs[0] |
		some x in resources
		a := x.address
		rs := [r | some r in resources; r.address == a]
		count(rs) == 1
	},
}

_reference_edges(resources) := [{"to": to, "from": {"address": r.address, "type": r.type, "pointer": ptr}} |
	some r in resources
	some ptr, refs in object.get(r, "references", {})
	some to in refs
]

_referrers(edges) := {to: froms |
	some x in edges
	to := x.to
	froms := [e.from | some e in edges; e.to == to]
}
