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
stack_resources(type) := object.get(object.get(data, ["vigil", "stack", "by_type"], {}), type, [])

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
