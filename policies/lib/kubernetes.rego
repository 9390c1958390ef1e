# Helpers for the Kubernetes policies. A library (no METADATA `custom.id`): it is
# loaded before every policy and never evaluated on its own.
#
# They walk the pod specs and containers of every workload kind, in four shapes:
#
# - Kubernetes manifests (input.resource.source == "kubernetes"): values are the
#   manifest, camelCase keys, `containers` is a list:
#     /spec/template/spec/containers/0
# - The Terraform Kubernetes provider (kubernetes_* types): snake_case keys, and every
#   nested block (`spec`, `template`, `metadata`, `container`, `security_context`, ...)
#   is an object, or an array of objects when it repeats:
#     /spec/template/spec/container        one container block
#     /spec/template/spec/container/1      the second of several
# - Pulumi's Kubernetes provider (type tokens `kubernetes:<group>/<version>:<Kind>`,
#   the core group spelled `core`: `kubernetes:apps/v1:Deployment`,
#   `kubernetes:core/v1:Pod`): the values are the manifest without apiVersion and
#   kind, so they are walked like a manifest. manifest_type maps a token to the
#   manifest's type (`apps/Deployment`, `Pod`), old API versions included.
# - The Terraform provider's kubernetes_manifest: a manifest written as an HCL object
#   under /manifest (camelCase keys, lists): walked like a manifest, its pointers
#   start with /manifest; resource_type reads its type from apiVersion and kind.
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

# Pulumi's tokens carry the API version: the current one and the older ones that
# programs still use (they map to the same manifest type).
pulumi_workload_types := [
	"kubernetes:core/v1:Pod",
	"kubernetes:apps/v1:Deployment",
	"kubernetes:apps/v1beta1:Deployment",
	"kubernetes:apps/v1beta2:Deployment",
	"kubernetes:extensions/v1beta1:Deployment",
	"kubernetes:apps/v1:StatefulSet",
	"kubernetes:apps/v1beta1:StatefulSet",
	"kubernetes:apps/v1beta2:StatefulSet",
	"kubernetes:apps/v1:DaemonSet",
	"kubernetes:apps/v1beta2:DaemonSet",
	"kubernetes:extensions/v1beta1:DaemonSet",
	"kubernetes:apps/v1:ReplicaSet",
	"kubernetes:apps/v1beta2:ReplicaSet",
	"kubernetes:extensions/v1beta1:ReplicaSet",
	"kubernetes:batch/v1:Job",
	"kubernetes:batch/v1:CronJob",
	"kubernetes:batch/v1beta1:CronJob",
	"kubernetes:batch/v2alpha1:CronJob",
	"kubernetes:core/v1:ReplicationController",
]

workload_types := array.concat(
	array.concat(manifest_workload_types, terraform_workload_types),
	array.concat(pulumi_workload_types, ["kubernetes_manifest"]),
)

# ---------------------------------------------------------------------------
# Shape of the current resource
# ---------------------------------------------------------------------------

# is_terraform_type(type) holds for the Terraform Kubernetes provider's types with
# their own (snake_case) schema: every kubernetes_* type but kubernetes_manifest,
# whose `manifest` attribute is a manifest (camelCase) written as an HCL object.
is_terraform_type(type) if {
	startswith(type, "kubernetes_")
	type != "kubernetes_manifest"
}

# is_terraform_manifest holds when the resource under evaluation is a Terraform
# kubernetes_manifest: a manifest under /manifest.
is_terraform_manifest if input.resource.type == "kubernetes_manifest"

# manifest_root: {"path", "value"} of the manifest's fields (metadata, spec, ...) in
# the resource under evaluation: its values, or /manifest of a kubernetes_manifest.
manifest_root := _root(input.resource)

_root(resource) := {"path": "/manifest", "value": resource.values.manifest} if {
	resource.type == "kubernetes_manifest"
	is_object(resource.values.manifest)
}

_root(resource) := {"path": "", "value": resource.values} if resource.type != "kubernetes_manifest"

# hcl_object_hint: what a fix op that adds an object needs in the resource under
# evaluation, to be written as a nested block (the provider's schema) or as an
# object attribute (inside a kubernetes_manifest); nothing for YAML.
hcl_object_hint := {"hcl": "block"} if is_terraform

hcl_object_hint := {"hcl": "attribute"} if is_terraform_manifest

hcl_object_hint := {} if {
	not is_terraform
	not is_terraform_manifest
}

# is_terraform holds when the resource under evaluation uses the provider's
# snake_case shape.
is_terraform if is_terraform_type(input.resource.type)

# is_pulumi_type(type) holds for Pulumi's Kubernetes type tokens.
is_pulumi_type(type) if startswith(type, "kubernetes:")

# is_pulumi holds when the resource under evaluation is a Pulumi Kubernetes resource.
is_pulumi if is_pulumi_type(input.resource.type)

# manifest_type(type) is the type a manifest of the same kind has in Vigil
# (`<group>/<Kind>`, core kinds without group): `kubernetes:apps/v1:Deployment` and
# `kubernetes:extensions/v1beta1:Deployment` are `apps/Deployment`,
# `kubernetes:core/v1:Pod` is `Pod`,
# `kubernetes:rbac.authorization.k8s.io/v1:Role` is `rbac.authorization.k8s.io/Role`.
# Other types (manifests' own, the Terraform provider's) are returned unchanged.
manifest_type(type) := _pulumi_manifest_type(parts[0], parts[1]) if {
	_pulumi_token(type)
	parts := split(trim_prefix(type, "kubernetes:"), ":")
}

manifest_type(type) := type if not _pulumi_token(type)

# A well-formed token: kubernetes:<group>/<version>:<Kind>.
_pulumi_token(type) if {
	startswith(type, "kubernetes:")
	regex.match(`^kubernetes:[^:/]+/[^:/]+:[^:/]+$`, type)
}

_pulumi_manifest_type(group_version, kind) := t if {
	group := split(group_version, "/")[0]
	t := _grouped_type(_current_group(group, kind), kind)
}

_grouped_type(group, kind) := kind if group in {"core", ""}

_grouped_type(group, kind) := sprintf("%s/%s", [group, kind]) if not group in {"core", ""}

# Kinds that moved out of the old `extensions` group have the group they moved to, as
# in manifests.
_moved_from_extensions := {
	"Deployment": "apps",
	"DaemonSet": "apps",
	"ReplicaSet": "apps",
	"NetworkPolicy": "networking.k8s.io",
	"Ingress": "networking.k8s.io",
	"PodSecurityPolicy": "policy",
}

_current_group(group, kind) := _moved_from_extensions[kind] if group == "extensions"

_current_group(group, kind) := group if {
	group == "extensions"
	not _moved_from_extensions[kind]
}

_current_group(group, _) := group if group != "extensions"

# resource_type(resource): the manifest type of a resource: manifest_type of its
# type, or, for a kubernetes_manifest, the type its apiVersion and kind give.
resource_type(resource) := manifest_type(resource.type) if resource.type != "kubernetes_manifest"

resource_type(resource) := _grouped_type(_current_group(group, kind), kind) if {
	resource.type == "kubernetes_manifest"
	api_version := resource.values.manifest.apiVersion
	kind := resource.values.manifest.kind
	is_string(api_version)
	is_string(kind)
	group := _api_group(api_version)
}

_api_group(api_version) := split(api_version, "/")[0] if contains(api_version, "/")

_api_group(api_version) := "core" if not contains(api_version, "/")

# input_type: resource_type of the resource under evaluation, computed once.
input_type := resource_type(input.resource)

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
	"seLinuxOptions": "se_linux_options",
	"seccompProfile": "seccomp_profile",
	"sysctls": "sysctl",
	"windowsOptions": "windows_options",
	"hostProcess": "host_process",
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
	some e in _walk(_root(resource), _spec_chain(resource_type(resource)))
}

# pod_specs: the pod specs of the resource under evaluation. A manifest's (and a
# Pulumi resource's) lie along its type's chain of plain objects: looked up in one
# step (function calls cost).
pod_specs := _manifest_pod_specs if not is_terraform

pod_specs := pod_specs_of(input.resource) if is_terraform

_manifest_pod_specs := {{"path": concat("/", array.concat([manifest_root.path], chain)), "spec": spec} |
	chain := _spec_chains[input_type]
	spec := object.get(manifest_root.value, chain, null)
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

# ---------------------------------------------------------------------------
# RBAC rules
# ---------------------------------------------------------------------------

# rbac_rules: the rules of the Role or ClusterRole under evaluation (manifest `rules`,
# Terraform `rule` blocks, a kubernetes_manifest's /manifest/rules), each as
#   {"path": pointer of the rule, "api_groups": [...], "resources": [...],
#    "verbs": [...], "resource_names": [...], "keys": {"resources": spelled key, ...}}
# Lists that are missing are empty; a rule with a list that is not known (a variable,
# a dynamic block) is left out.
rbac_rules := [r |
	_is_role
	some e in lib.block_entries(manifest_root.value, _rbac_key("rules"), manifest_root.path)
	is_object(e.value)
	r := _rbac_rule(e)
]

# A kubernetes_manifest is a role when its kind says so.
_is_role if input.resource.type != "kubernetes_manifest"

_is_role if input_type in {"rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/ClusterRole"}

_rbac_terraform_keys := {
	"rules": "rule",
	"apiGroups": "api_groups",
	"resources": "resources",
	"verbs": "verbs",
	"resourceNames": "resource_names",
}

_rbac_key(name) := _rbac_terraform_keys[name] if is_terraform

_rbac_key(name) := name if not is_terraform

_rbac_rule(e) := {
	"path": e.path,
	"api_groups": _rbac_list(e.value, _rbac_key("apiGroups")),
	"resources": _rbac_list(e.value, _rbac_key("resources")),
	"verbs": _rbac_list(e.value, _rbac_key("verbs")),
	"resource_names": _rbac_list(e.value, _rbac_key("resourceNames")),
	"keys": {
		"apiGroups": _rbac_key("apiGroups"),
		"resources": _rbac_key("resources"),
		"verbs": _rbac_key("verbs"),
		"resourceNames": _rbac_key("resourceNames"),
	},
} if {
	every k in ["apiGroups", "resources", "verbs", "resourceNames"] {
		_rbac_known(e.value, _rbac_key(k))
	}
}

_rbac_list(rule, key) := [x | some x in rule[key]] if is_array(rule[key])

_rbac_list(rule, key) := [] if not is_array(rule[key])

# Missing, null or a list of plain strings.
_rbac_known(rule, key) if not lib.has_key(rule, key)

_rbac_known(rule, key) if rule[key] == null

_rbac_known(rule, key) if {
	is_array(rule[key])
	every x in rule[key] {
		is_string(x)
		not contains(x, "${")
	}
}

# rbac_grants(rule, groups, resource, verbs) holds when the rule grants one of `verbs`
# (a set; "*" in the rule counts) on `resource` (named explicitly: a "*" resource is
# the wildcard policy's) in one of the API `groups` (a set; "*" counts), and is not
# limited to named objects. The index in the rule's resources list is returned by
# rbac_grant_index.
rbac_grants(rule, groups, resource, verbs) if rbac_grant_index(rule, groups, resource, verbs) >= 0

rbac_grant_index(rule, groups, resource, verbs) := i if {
	count(rule.resource_names) == 0
	some g in rule.api_groups
	_rbac_matches(g, groups)
	some v in rule.verbs
	_rbac_matches(v, verbs)
	some i, res in rule.resources
	res == resource
}

_rbac_matches(x, _) if x == "*"

_rbac_matches(x, set) if x in set
