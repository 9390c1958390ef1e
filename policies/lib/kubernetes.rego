# Helpers for the Kubernetes policies. A library (no METADATA `custom.id`): it is
# loaded before every policy and never evaluated on its own.
#
# They walk the pod specs and containers of every workload kind, in two shapes:
#
# - Kubernetes manifests (input.resource.source == "kubernetes"): values are the
#   manifest, camelCase keys, `containers` is a list:
#     /spec/template/spec/containers/0
# - The Terraform Kubernetes provider (kubernetes_* types): snake_case keys, and every
#   nested block (`spec`, `template`, `metadata`, `container`, `security_context`, ...)
#   is an object, or an array of objects when it repeats:
#     /spec/template/spec/container        one container block
#     /spec/template/spec/container/1      the second of several
#
# Entries carry the JSON Pointer of what they describe, ready for a result's `path`.
package vigil.lib.kubernetes

import data.vigil.lib
import rego.v1

# The workload types, to copy into a policy's METADATA `resources` (which must be a
# literal list there).
manifest_workload_types := [
	"Pod",
	"apps/Deployment",
	"apps/StatefulSet",
	"apps/DaemonSet",
	"apps/ReplicaSet",
	"batch/Job",
	"batch/CronJob",
	"ReplicationController",
]

terraform_workload_types := [
	"kubernetes_pod",
	"kubernetes_pod_v1",
	"kubernetes_deployment",
	"kubernetes_deployment_v1",
	"kubernetes_stateful_set",
	"kubernetes_stateful_set_v1",
	"kubernetes_daemonset",
	"kubernetes_daemon_set_v1",
	"kubernetes_job",
	"kubernetes_job_v1",
	"kubernetes_cron_job",
	"kubernetes_cron_job_v1",
	"kubernetes_replication_controller",
	"kubernetes_replication_controller_v1",
]

workload_types := array.concat(manifest_workload_types, terraform_workload_types)

# ---------------------------------------------------------------------------
# Shape of the current resource
# ---------------------------------------------------------------------------

# is_terraform_type(type) holds for the Terraform Kubernetes provider's types.
is_terraform_type(type) if startswith(type, "kubernetes_")

# is_terraform holds when the resource under evaluation uses the provider's
# snake_case shape.
is_terraform if is_terraform_type(input.resource.type)

# Manifest (camelCase) names and their Terraform provider (snake_case) spelling.
terraform_names := {
	"allowPrivilegeEscalation": "allow_privilege_escalation",
	"capabilities": "capabilities",
	"containers": "container",
	"hostIPC": "host_ipc",
	"hostNetwork": "host_network",
	"hostPID": "host_pid",
	"hostPath": "host_path",
	"image": "image",
	"initContainers": "init_container",
	"limits": "limits",
	"nodeSelector": "node_selector",
	"privileged": "privileged",
	"readOnlyRootFilesystem": "read_only_root_filesystem",
	"resources": "resources",
	"runAsGroup": "run_as_group",
	"runAsNonRoot": "run_as_non_root",
	"runAsUser": "run_as_user",
	"securityContext": "security_context",
	"volumes": "volume",
}

# name_for(type, name) is the spelling of the manifest field `name` in resources of
# `type`: unchanged for manifests, snake_case for the Terraform provider.
name_for(type, name) := terraform_names[name] if is_terraform_type(type)

name_for(type, name) := name if {
	is_terraform_type(type)
	not terraform_names[name]
}

name_for(type, name) := name if not is_terraform_type(type)

# attr(name) is name_for the resource under evaluation: attr("securityContext") is
# "securityContext" in a manifest and "security_context" in Terraform.
attr(name) := object.get(_attr_names, name, name)

_attr_names := terraform_names if is_terraform

_attr_names := {} if not is_terraform

# ---------------------------------------------------------------------------
# Pod specs
# ---------------------------------------------------------------------------

# Where the pod spec sits, as the list of keys from the resource's values.
_spec_chain(type) := _spec_chains[type]

_spec_chains := {
	"Pod": ["spec"],
	"kubernetes_pod": ["spec"],
	"kubernetes_pod_v1": ["spec"],
	"batch/CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
	"kubernetes_cron_job": ["spec", "job_template", "spec", "template", "spec"],
	"kubernetes_cron_job_v1": ["spec", "job_template", "spec", "template", "spec"],
	"apps/Deployment": ["spec", "template", "spec"],
	"apps/StatefulSet": ["spec", "template", "spec"],
	"apps/DaemonSet": ["spec", "template", "spec"],
	"apps/ReplicaSet": ["spec", "template", "spec"],
	"batch/Job": ["spec", "template", "spec"],
	"ReplicationController": ["spec", "template", "spec"],
	"kubernetes_deployment": ["spec", "template", "spec"],
	"kubernetes_deployment_v1": ["spec", "template", "spec"],
	"kubernetes_stateful_set": ["spec", "template", "spec"],
	"kubernetes_stateful_set_v1": ["spec", "template", "spec"],
	"kubernetes_daemonset": ["spec", "template", "spec"],
	"kubernetes_daemon_set_v1": ["spec", "template", "spec"],
	"kubernetes_job": ["spec", "template", "spec"],
	"kubernetes_job_v1": ["spec", "template", "spec"],
	"kubernetes_replication_controller": ["spec", "template", "spec"],
	"kubernetes_replication_controller_v1": ["spec", "template", "spec"],
}

# One step down: the `key` children (objects) of each entry, with their pointers.
# A block that is an object keeps the pointer without index; an array gets one.
_step(entries, key) := [e |
	some parent in entries
	is_object(parent.value)
	some e in lib.block_entries(parent.value, key, parent.path)
	is_object(e.value)
]

_walk(root, keys) := _step([root], keys[0]) if count(keys) == 1

_walk(root, keys) := _step(_step(_step([root], keys[0]), keys[1]), keys[2]) if count(keys) == 3

_walk(root, keys) := _step(_step(_step(_step(_step([root], keys[0]), keys[1]), keys[2]), keys[3]), keys[4]) if {
	count(keys) == 5
}

# pod_specs_of(resource) is the set of {"path": pointer, "spec": object} of the pod
# specs of a workload resource (usually one).
pod_specs_of(resource) := {{"path": e.path, "spec": e.value} |
	some e in _walk({"path": "", "value": resource.values}, _spec_chain(resource.type))
}

# pod_specs: the pod specs of the resource under evaluation. A manifest's lie along
# its type's chain of plain objects: looked up in one step (function calls cost).
pod_specs := _manifest_pod_specs if not is_terraform

pod_specs := pod_specs_of(input.resource) if is_terraform

_manifest_pod_specs := {{"path": concat("/", array.concat([""], chain)), "spec": spec} |
	chain := _spec_chains[input.resource.type]
	spec := object.get(input.resource.values, chain, null)
	is_object(spec)
}

# ---------------------------------------------------------------------------
# Containers
# ---------------------------------------------------------------------------

# The keys that hold containers in a pod spec, and the kind of container.
_manifest_container_keys := {
	"containers": "container",
	"initContainers": "init",
	"ephemeralContainers": "ephemeral",
}

_terraform_container_keys := {
	"container": "container",
	"init_container": "init",
}

_container_keys(type) := _terraform_container_keys if is_terraform_type(type)

_container_keys(type) := _manifest_container_keys if not is_terraform_type(type)

# display_name(container, path): the container's name, or its pointer if it has none.
display_name(container, _) := container.name if {
	is_string(container.name)
	container.name != ""
}

display_name(container, path) := path if {
	not is_string(container.name)
}

display_name(container, path) := path if container.name == ""

# containers_of(resource) is the set of containers, init containers and ephemeral
# containers of a workload resource:
#   {"path": pointer of the container, "container": object, "name": its name (or
#    pointer), "kind": "container" | "init" | "ephemeral",
#    "pod_spec": the enclosing pod spec, "pod_spec_path": its pointer}
# Entries also carry what the functions below read (security contexts, settings),
# worked out once here: a rule is computed once per evaluation, a function each time
# it is called. Read them through those functions.
containers_of(resource) := _containers(pod_specs_of(resource), resource.type)

# containers: the containers of the resource under evaluation. A manifest's are lists
# of objects: read without the block walk the Terraform provider's shape needs.
containers := _manifest_containers if not is_terraform

containers := _containers(pod_specs, input.resource.type) if is_terraform

_manifest_containers := {c |
	some ps in pod_specs
	some key, kind in _manifest_container_keys
	list := object.get(ps.spec, key, [])
	is_array(list)
	some i, v in list
	is_object(v)
	c := _container({"path": sprintf("%s/%s/%d", [ps.path, key, i]), "value": v}, kind, ps, "securityContext")
}

# _containers(specs, type): the containers of pod spec entries `specs` of a resource
# of `type` (see containers_of).
_containers(specs, type) := {c |
	some ps in specs
	some key, kind in _container_keys(type)
	some e in lib.block_entries(ps.spec, key, ps.path)
	is_object(e.value)
	c := _container(e, kind, ps, name_for(type, "securityContext"))
}

# _container(e, kind, ps, key): the containers entry of container entry e ({"path",
# "value"}) of `kind` in pod spec entry ps, whose security context key is `key`.
_container(e, kind, ps, key) := object.union(
	{
		"path": e.path,
		"container": e.value,
		"name": display_name(e.value, e.path),
		"kind": kind,
		"pod_spec": ps.spec,
		"pod_spec_path": ps.path,
	},
	_security(e, ps, key),
)

# ---------------------------------------------------------------------------
# Security contexts
# ---------------------------------------------------------------------------

# _security(e, ps, key): the security contexts of container entry e ({"path",
# "value"}) in pod spec entry ps ({"path", "spec"}), whose key is `key`, and the
# settings in force. (A function of its own: regorus's VM mishandles a comprehension
# whose condition fails inside a loop of the same rule, such as containers_of's.)
_security(e, ps, key) := {
	"security_context": own,
	"pod_security_context": pod,
	"settings": own_settings,
	"pod_settings": pod_settings,
	"effective_settings": object.union(own_settings, inherited),
	"security_context_unknown": count(unknown) > 0,
} if {
	own := _single_blocks(e.value, key, e.path)
	pod := _single_blocks(ps.spec, key, ps.path)
	own_settings := {k: {"path": sprintf("%s/%s", [sc.path, k]), "value": v, "level": "container"} |
		some sc in own
		some k, v in sc.value
		v != null
	}
	pod_settings := {k: {"path": sprintf("%s/%s", [sc.path, k]), "value": v, "level": "pod"} |
		some sc in pod
		some k, v in sc.value
		v != null
	}
	inherited := {k: v | some k, v in pod_settings; not own_settings[k]}
	# Unknown: there, but neither an object nor null (a placeholder), or repeated.
	unknown := [v |
		some v in [object.get(e.value, key, null), object.get(ps.spec, key, null)]
		v != null
		not is_object(v)
	]
}

# _single_blocks(obj, key, prefix): [_single_block(obj, key, prefix)], or [] when that
# is undefined, in one call.
_single_blocks(obj, key, prefix) := [{"path": sprintf("%s/%s", [prefix, key]), "value": v} |
	v := obj[key]
	is_object(v)
] if not is_array(obj[key])

_single_blocks(obj, key, prefix) := [{"path": sprintf("%s/%s/0", [prefix, key]), "value": v[0]} |
	v := obj[key]
	is_array(v)
	count(v) == 1
	is_object(v[0])
] if is_array(obj[key])

# _single_block(obj, key, prefix): the one `key` object of obj, with its pointer.
# Undefined when it is missing, repeated, or not an object (an unknown value).
_single_block(obj, key, prefix) := e if {
	entries := lib.block_entries(obj, key, prefix)
	count(entries) == 1
	e := entries[0]
	is_object(e.value)
}

# container_security_context(c): {"path", "value"} of container c's security
# context; undefined when it has none (or it is not known).
container_security_context(c) := c.security_context[0]

# pod_security_context(ps): {"path", "value"} of the pod-level security context of
# pod spec entry ps ({"path", "spec"}); undefined when there is none.
pod_security_context(ps) := _single_block(ps.spec, attr("securityContext"), ps.path)

# opaque(obj, key) holds when obj has `key` with a value that is neither an object, an
# array, nor null: typically an unknown "${...}" placeholder (a dynamic block). A
# policy that would report a missing setting must not fire then.
opaque(obj, key) if {
	lib.has_key(obj, key)
	v := obj[key]
	not is_object(v)
	not is_array(v)
	v != null
}

# security_context_unknown(c) holds when the container's or the pod's security
# context is there but not readable (unknown, or repeated blocks).
security_context_unknown(c) if c.security_context_unknown

# container_setting(c, name): the container's own security context setting `name`
# (manifest spelling), when set and not null: {"path", "value", "level": "container"}.
container_setting(c, name) := c.settings[attr(name)]

# pod_setting(c, name): the pod-level security context setting `name` that container
# c would inherit: {"path", "value", "level": "pod"}.
pod_setting(c, name) := c.pod_settings[attr(name)]

# effective_setting(c, name): the setting in force for container c: its own, else the
# pod's (pod-level securityContext applies to every container that does not override
# it). Undefined when neither sets it.
effective_setting(c, name) := c.effective_settings[attr(name)]

# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

# is_placeholder(x) holds for a value known only after apply ("${...}").
is_placeholder(x) if {
	is_string(x)
	contains(x, "${")
}

# as_int(x): x as a number when it is a number or an integer written as a string (the
# Terraform provider types some ids, e.g. pod-level run_as_user, as strings).
as_int(x) := x if is_number(x)

as_int(x) := to_number(x) if {
	is_string(x)
	regex.match(`^\s*-?[0-9]+\s*$`, x)
}

# is_windows(spec) holds for a pod spec that targets Windows nodes (spec.os.name, or
# a kubernetes.io/os node selector); several Linux-only controls do not apply there.
is_windows(spec) if {
	some os in lib.as_array(spec.os)
	is_string(os.name)
	lower(os.name) == "windows"
}

is_windows(spec) if {
	some key in ["nodeSelector", "node_selector"]
	sel := spec[key]["kubernetes.io/os"]
	is_string(sel)
	lower(sel) == "windows"
}
