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

# provider_capped_below(name, version) holds when the Terraform configuration's
# `required_providers` constraints for provider `name` (its local name: "aws",
# "azurerm") allow no version at or above `version`, such as azurerm "~> 2.90" below
# "3.0.0": Terraform then installs an older provider, whose defaults apply. Without a
# constraint Terraform installs the newest provider, and this never holds. For the
# policies whose verdict on an omitted setting depends on a default that changed
# between provider versions. Vigil puts the constraints in input.stack.providers.
provider_capped_below(name, version) if {
	some constraint in input.stack.providers[name]
	some part in split(constraint, ",")
	_caps_below(trim_space(part), _semver(version))
}

# "~> 2.90" allows 2.x from 2.90 on; "~> 2.90.1" allows 2.90.x from 2.90.1 on.
_caps_below(part, version) if {
	startswith(part, "~>")
	n := _numbers(trim_space(trim_prefix(part, "~>")))
	count(n) == 3
	semver.compare(sprintf("%d.%d.0", [n[0], n[1] + 1]), version) <= 0
}

_caps_below(part, version) if {
	startswith(part, "~>")
	n := _numbers(trim_space(trim_prefix(part, "~>")))
	count(n) < 3
	count(n) > 0
	semver.compare(sprintf("%d.0.0", [n[0] + 1]), version) <= 0
}

_caps_below(part, version) if {
	startswith(part, "<")
	not startswith(part, "<=")
	semver.compare(_semver(trim_space(trim_prefix(part, "<"))), version) <= 0
}

_caps_below(part, version) if {
	startswith(part, "<=")
	semver.compare(_semver(trim_space(trim_prefix(part, "<="))), version) < 0
}

# "= 2.99.0" or a bare "2.99.0".
_caps_below(part, version) if {
	exact := trim_space(trim_prefix(part, "="))
	regex.match(`^v?[0-9]`, exact)
	not startswith(part, "==")
	semver.compare(_semver(exact), version) < 0
}

# The version's numbers, at most three ("2.90" -> [2, 90]).
_numbers(v) := [to_number(x) | some x in array.slice(regex.find_n(`[0-9]+`, v, -1), 0, 3)] if {
	regex.match(`^v?[0-9]+(\.[0-9]+){0,2}([-+].*)?$`, v)
}

_semver(v) := sprintf("%d.%d.%d", array.slice(array.concat(n, [0, 0, 0]), 0, 3)) if {
	n := _numbers(v)
}
