//! Kubernetes manifests: every YAML (or JSON) document with `apiVersion` and `kind`.

use std::collections::BTreeMap;

use vigil_syntax::{Diagnostic, TextRange};

use crate::resource::{Mode, Resource, SourceKind, Stack};
use crate::snode_values::to_value;
use crate::SourceFile;

pub fn load(file: &SourceFile, limits: &vigil_syntax::Limits) -> (Stack, Vec<Diagnostic>) {
    let (roots, errors) = if file.path.ends_with(".json") {
        let parsed =
            vigil_syntax::json::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Json), limits);
        (parsed.root.into_iter().collect::<Vec<_>>(), parsed.errors)
    } else {
        // kubectl and the API server decode YAML with go-yaml v2: `privileged: yes` is true.
        let parsed = vigil_syntax::yaml::parse_with(
            &file.text,
            file.tree_for(vigil_syntax::Language::Yaml),
            vigil_syntax::yaml::Schema::GoYamlV2,
            limits,
        );
        (parsed.documents.into_iter().filter_map(|d| d.root).collect(), parsed.errors)
    };
    let diagnostics = errors.iter().map(|e| e.to_diagnostic(&file.path)).collect();
    let mut resources = Vec::new();
    for root in roots {
        let (Some(api_version), Some(kind_entry)) =
            (root.get("apiVersion").and_then(|v| v.as_str()), root.entry("kind"))
        else {
            continue; // not a Kubernetes object: skipped quietly
        };
        let Some(kind) = kind_entry.value.as_str() else { continue };
        let metadata = root.get("metadata");
        let name = metadata
            .and_then(|m| m.get("name").or_else(|| m.get("generateName")))
            .and_then(|n| n.as_str())
            .unwrap_or("unnamed")
            .to_string();
        let namespace = metadata.and_then(|m| m.get("namespace")).and_then(|n| n.as_str());
        let mut source_map = BTreeMap::new();
        let values = to_value(&root, "", None, &mut source_map);
        source_map.remove("");
        let header = TextRange::new(kind_entry.key_range.start, kind_entry.value.range.end);
        resources.push(object_resource(
            &file.path,
            api_version,
            kind,
            (name, namespace),
            values,
            source_map,
            (header, root.range),
        ));
    }
    (
        Stack {
            id: file.path.clone(),
            source: SourceKind::Kubernetes,
            resources,
            origins: Default::default(),
            providers: Default::default(),
        },
        diagnostics,
    )
}

/// A Kubernetes object as a resource: type `<group>/<Kind>` (core kinds bare; see
/// [`resource_type`]), address `<Kind>/<namespace>/<name>`, and its (header, whole)
/// ranges. Manifests and `kubectl get -o json` lists (audit mode) both read objects
/// this way.
pub(crate) fn object_resource(
    file: &str,
    api_version: &str,
    kind: &str,
    (name, namespace): (String, Option<&str>),
    values: serde_json::Value,
    source_map: BTreeMap<crate::resource::JsonPointer, crate::resource::Span>,
    (header, range): (TextRange, TextRange),
) -> Resource {
    let r#type = resource_type(api_version, kind);
    let address = match namespace {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    };
    Resource {
        address,
        r#type,
        name,
        mode: Mode::Managed,
        source: SourceKind::Kubernetes,
        provider: "kubernetes".into(),
        file: file.to_string(),
        values,
        references: BTreeMap::new(),
        unknown: vec![],
        header,
        range,
        source_map,
        instances_unknown: false,
    }
}

/// The type of an object: `<group>/<Kind>` without the version, so `apps/v1beta1`,
/// `apps/v1beta2` and `apps/v1` Deployments are all `apps/Deployment`; core kinds
/// (`v1`) are bare (`Pod`). Kinds that moved out of the old `extensions` group get
/// the group they moved to: an `extensions/v1beta1` Deployment is the same workload
/// to the policies as an `apps/v1` one (`apps/Deployment`), and the same holds for
/// DaemonSet, ReplicaSet, NetworkPolicy (`networking.k8s.io`), Ingress
/// (`networking.k8s.io`) and PodSecurityPolicy (`policy`). The manifest's own
/// `apiVersion` is kept in the values.
pub(crate) fn resource_type(api_version: &str, kind: &str) -> String {
    let Some((group, _version)) = api_version.split_once('/') else { return kind.to_string() };
    let group = match (group, kind) {
        ("extensions", "Deployment" | "DaemonSet" | "ReplicaSet") => "apps",
        ("extensions", "NetworkPolicy" | "Ingress") => "networking.k8s.io",
        ("extensions", "PodSecurityPolicy") => "policy",
        _ => group,
    };
    format!("{group}/{kind}")
}

#[cfg(test)]
mod tests {
    use super::resource_type;

    #[test]
    fn old_api_versions_are_the_same_types() {
        for (api_version, kind, expected) in [
            ("apps/v1", "Deployment", "apps/Deployment"),
            ("apps/v1beta1", "Deployment", "apps/Deployment"),
            ("apps/v1beta2", "StatefulSet", "apps/StatefulSet"),
            ("extensions/v1beta1", "Deployment", "apps/Deployment"),
            ("extensions/v1beta1", "DaemonSet", "apps/DaemonSet"),
            ("extensions/v1beta1", "ReplicaSet", "apps/ReplicaSet"),
            ("extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/NetworkPolicy"),
            ("extensions/v1beta1", "Ingress", "networking.k8s.io/Ingress"),
            ("networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/Ingress"),
            ("extensions/v1beta1", "PodSecurityPolicy", "policy/PodSecurityPolicy"),
            ("batch/v1beta1", "CronJob", "batch/CronJob"),
            ("v1", "Pod", "Pod"),
            // A kind the old group never had keeps its group.
            ("extensions/v1beta1", "Widget", "extensions/Widget"),
        ] {
            assert_eq!(resource_type(api_version, kind), expected, "{api_version} {kind}");
        }
    }
}
