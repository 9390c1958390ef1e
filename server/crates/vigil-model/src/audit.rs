//! Audit mode: existing resources from a Terraform state (format version 4) or a
//! `kubectl get -o json` list; findings point into the state or dump file.
//!
//! A state file is read instance by instance: each instance of each `resources[]`
//! entry is one resource, addressed as Terraform prints it (`aws_s3_bucket.b`,
//! `aws_s3_bucket.b[0]`, `aws_s3_bucket.b["k"]`, `module.logs.aws_s3_bucket.b`,
//! `data.aws_iam_policy_document.x`). Its `values` are the instance's `attributes`
//! in the configuration's shape that policies are written against, with the same
//! rules as plan JSON (`plan::config_shape`):
//! - a list of exactly one object (a nested block that occurs once, which the state
//!   always writes as a list) becomes that object: `versioning: [{enabled: false}]`
//!   reads as `versioning: {enabled: false}`;
//! - `null` (an attribute that is not set) and `[]` (a block that is absent, or an
//!   empty list attribute) are left out, as they are absent from the configuration;
//! - everything else is kept as it is, sensitive values included (state values are
//!   all known, so `unknown` is empty).
//!
//! The source map keeps the original text: `/versioning/enabled` maps to the
//! `false` inside `"versioning": [{"enabled": false}]`. A resource's header is its
//! instance's `"index_key": ...` when it has one (so that `b[0]` and `b[1]` are told
//! apart), else the resource's `"name": "..."`; its range is the instance object.
//!
//! Instances that are not the current object are skipped: deposed objects (waiting
//! to be destroyed after a `create_before_destroy` replacement) and instances that
//! carry only the flat attributes of Terraform 0.11 (`attributes_flat`), whose
//! shape policies cannot read.
//!
//! A `kubectl get -o json` list (`"kind": "List"`, or `PodList` and the like from the
//! API) is read item by item like a Kubernetes manifest (see `kubernetes.rs`: same
//! address and type), without `status` and `metadata.managedFields`, which describe
//! the object's life in the cluster rather than its configuration. Items of a typed
//! list (`PodList`) carry no `kind` or `apiVersion` of their own: they are taken from
//! the list.
//!
//! Backups (`terraform.tfstate.backup`) are not state files here: they hold the
//! previous state, whose resources may no longer exist.

use std::collections::BTreeMap;

use serde_json::Value;
use vigil_syntax::{SNode, SValue, TextRange};

use crate::resource::{pointer_is_at_or_under, Mode, Resource};
use crate::snode_values::to_value;
use crate::{Diagnostic, SourceFile, SourceKind, Stack};

/// The state format version Vigil reads (Terraform 0.12 and later write it).
const STATE_VERSION: i64 = 4;

/// Whether a text is a Terraform state file: a JSON object whose top level has a
/// numeric `version`, a `terraform_version` string and a `resources` list (or the
/// `modules` list of format versions 1 to 3, so that reading one says it is too old
/// rather than skipping it quietly). Only the top level is scanned, and only until
/// the three are found.
pub(crate) fn is_terraform_state(text: &str) -> bool {
    let (mut version, mut terraform_version, mut resources) = (false, false, false);
    scan_top_level(text, |key, value| {
        match (key, value) {
            ("version", Raw::Scalar(v)) => version = v.parse::<u64>().is_ok(),
            ("terraform_version", Raw::Scalar(v)) => terraform_version = v.starts_with('"'),
            ("resources" | "modules", Raw::Array) => resources = true,
            _ => {}
        }
        !(version && terraform_version && resources)
    });
    version && terraform_version && resources
}

/// Whether a JSON text is a `kubectl get -o json` list: a top-level `kind` of `List`
/// (or `PodList`, `DeploymentList`, ...), an `apiVersion`, and an `items` list.
pub(crate) fn is_kubernetes_list(text: &str) -> bool {
    let (mut kind, mut api_version, mut items) = (false, false, false);
    scan_top_level(text, |key, value| {
        match (key, value) {
            ("kind", Raw::Scalar(v)) => {
                kind = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).is_some_and(is_list_kind)
            }
            ("apiVersion", Raw::Scalar(v)) => api_version = v.starts_with('"'),
            ("items", Raw::Array) => items = true,
            _ => {}
        }
        !(kind && api_version && items)
    });
    kind && api_version && items
}

/// Reads the resources of a state file or a list dump.
pub(crate) fn load(file: &SourceFile, limits: &vigil_syntax::Limits) -> (Stack, Vec<Diagnostic>) {
    let parsed =
        vigil_syntax::json::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Json), limits);
    let mut diagnostics: Vec<Diagnostic> =
        parsed.errors.iter().map(|e| e.to_diagnostic(&file.path)).collect();
    let syntax_ok = diagnostics.is_empty();
    let list = parsed.root.as_ref().is_some_and(|root| {
        root.get("kind").and_then(SNode::as_str).is_some_and(is_list_kind) && root.get("items").is_some()
    });
    let mut resources = Vec::new();
    match &parsed.root {
        None if syntax_ok => diagnostics.push(Diagnostic::error(
            file.path.clone(),
            TextRange::empty(0),
            "audit",
            "this file is empty: a Terraform state or a `kubectl get -o json` list is a JSON object",
        )),
        None => {}
        Some(root) if list => read_list(root, file, &mut resources, &mut diagnostics),
        Some(root) => read_state(root, file, syntax_ok, &mut resources, &mut diagnostics),
    }
    let source = if list { SourceKind::Kubernetes } else { SourceKind::Terraform };
    (
        Stack {
            id: file.path.clone(),
            source,
            resources,
            origins: Default::default(),
            providers: Default::default(),
        },
        diagnostics,
    )
}

// ---------------------------------------------------------------------------
// Terraform state

fn read_state(
    root: &SNode,
    file: &SourceFile,
    syntax_ok: bool,
    out: &mut Vec<Resource>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let error = |range: TextRange, message: String| {
        Diagnostic::error(file.path.clone(), range, "terraform-state", message)
    };
    if !matches!(root.value, SValue::Map(_)) {
        diagnostics.push(error(
            opening(root),
            "this is not a Terraform state: a state file is a JSON object with `version`, `terraform_version` and `resources`".into(),
        ));
        return;
    }
    // `.terraform/terraform.tfstate` records the backend, not resources.
    if root.get("backend").is_some() && root.get("resources").is_none() {
        return;
    }
    let Some(version) = root.entry("version") else {
        // With syntax errors, the version may be what did not parse: that error says it.
        if syntax_ok {
            diagnostics.push(error(
                opening(root),
                "this Terraform state has no `version`, so its format is unknown; Vigil reads format version 4 (written by Terraform 0.12 and later)".into(),
            ));
        }
        return;
    };
    match version.value.value {
        SValue::Int(STATE_VERSION) => {}
        SValue::Int(v) if v < STATE_VERSION => {
            diagnostics.push(error(
                version.range,
                format!(
                    "Terraform state format version {v} is not supported, so none of its resources are checked: Vigil reads version 4. Terraform 0.12 and later rewrite the state in version 4 the next time they write it (for example `terraform apply -refresh-only`)."
                ),
            ));
            return;
        }
        SValue::Int(v) => {
            diagnostics.push(error(
                version.range,
                format!(
                    "Terraform state format version {v} is newer than the version 4 Vigil reads, so none of its resources are checked: upgrade Vigil."
                ),
            ));
            return;
        }
        _ => {
            diagnostics
                .push(error(version.value.range, "`version` of a Terraform state is a number (4)".into()));
            return;
        }
    }
    let Some(resources) = root.get("resources") else { return };
    let SValue::Seq(list) = &resources.value else {
        diagnostics
            .push(error(resources.range, "`resources` of a Terraform state is a list of resources".into()));
        return;
    };
    for r in list {
        read_state_resource(r, file, out, diagnostics);
    }
}

fn read_state_resource(
    r: &SNode,
    file: &SourceFile,
    out: &mut Vec<Resource>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let r#type = r.get("type").and_then(SNode::as_str);
    let name_entry = r.entry("name").filter(|e| e.value.as_str().is_some());
    let (Some(r#type), Some(name_entry)) = (r#type, name_entry) else {
        diagnostics.push(Diagnostic::warning(
            file.path.clone(),
            opening(r),
            "terraform-state",
            "a state resource without `type` or `name` is skipped: Vigil cannot tell which policies apply to it",
        ));
        return;
    };
    let name = name_entry.value.as_str().unwrap_or_default();
    let mode = if r.get("mode").and_then(SNode::as_str) == Some("data") { Mode::Data } else { Mode::Managed };
    let module = r.get("module").and_then(SNode::as_str).filter(|m| !m.is_empty());
    let prefix = format!(
        "{}{}",
        module.map(|m| format!("{m}.")).unwrap_or_default(),
        if mode == Mode::Data { "data." } else { "" }
    );
    let provider = provider_name(r.get("provider").and_then(SNode::as_str), r#type);
    let Some(SValue::Seq(instances)) = r.get("instances").map(|n| &n.value) else { return };
    for instance in instances {
        if instance.get("deposed").is_some() {
            continue;
        }
        let index_entry = instance.entry("index_key");
        let key = match index_entry.map(|e| &e.value.value) {
            Some(SValue::Int(i)) => format!("[{i}]"),
            Some(SValue::String(s)) => format!("[{}]", Value::String(s.clone())),
            _ => String::new(),
        };
        let address = format!("{prefix}{type}.{name}{key}");
        let attributes = instance.get("attributes").filter(|a| matches!(a.value, SValue::Map(_)));
        let Some(attributes) = attributes else {
            let (why, at) = match (instance.entry("attributes_flat"), instance.entry("attributes")) {
                (Some(flat), None) => {
                    ("has only the flat attributes of Terraform 0.11 (`attributes_flat`)", flat.key_range)
                }
                (_, Some(other)) => ("has no `attributes` object", other.range),
                (None, None) => ("has no `attributes` object", opening(instance)),
            };
            diagnostics.push(Diagnostic::warning(
                file.path.clone(),
                at,
                "terraform-state",
                format!("{address} is not checked: it {why}. Refreshing the state with a current Terraform rewrites it."),
            ));
            continue;
        };
        let mut source_map = BTreeMap::new();
        let mut unknown = Vec::new();
        let values = crate::plan::config_shape(attributes, "", None, None, &mut source_map, &mut unknown)
            .unwrap_or_else(|| Value::Object(Default::default()));
        out.push(Resource {
            address,
            r#type: r#type.to_string(),
            name: name.to_string(),
            mode,
            source: SourceKind::Terraform,
            provider: provider.clone(),
            file: file.path.clone(),
            values,
            references: BTreeMap::new(),
            // State values are known; `config_shape` marks nothing without an
            // `after_unknown` tree.
            unknown,
            header: index_entry.map_or(name_entry.range, |e| e.range),
            range: instance.range,
            source_map,
            instances_unknown: false,
        });
    }
}

/// `provider["registry.terraform.io/hashicorp/aws"]` (with an optional module path in
/// front and `.alias` behind) → `aws`; the legacy `provider.aws` too. Without one, the
/// type's prefix (`aws_s3_bucket` → `aws`), as Terraform itself defaults it.
fn provider_name(provider: Option<&str>, r#type: &str) -> String {
    let from_state = provider.and_then(|p| {
        if let Some(i) = p.find("provider[\"") {
            let rest = &p[i + "provider[\"".len()..];
            let source = rest.split('"').next()?;
            return source.rsplit('/').next().map(str::to_string);
        }
        let i = p.find("provider.")?;
        p[i + "provider.".len()..].split('.').next().map(str::to_string)
    });
    from_state
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| r#type.split('_').next().unwrap_or_default().to_string())
}

/// Where a message about a whole value goes: an object's or list's opening
/// bracket (the whole value may span many lines), a scalar itself.
fn opening(node: &SNode) -> TextRange {
    match node.value {
        SValue::Map(_) | SValue::Seq(_) => TextRange::new(node.range.start, node.range.start + 1),
        _ => node.range,
    }
}

// ---------------------------------------------------------------------------
// kubectl lists

/// `List`, or a typed list such as `PodList`.
fn is_list_kind(kind: &str) -> bool {
    kind.strip_suffix("List").is_some_and(|k| k.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Values that describe the object's life in the cluster rather than its
/// configuration: left out of `values` and the source map.
const CLUSTER_STATE: &[&str] = &["/status", "/metadata/managedFields"];

fn read_list(root: &SNode, file: &SourceFile, out: &mut Vec<Resource>, diagnostics: &mut Vec<Diagnostic>) {
    let list_kind = root.get("kind").and_then(SNode::as_str).unwrap_or("List");
    let list_api_version = root.get("apiVersion").and_then(SNode::as_str);
    // The item kind of a typed list (`PodList` → `Pod`).
    let item_kind = list_kind.strip_suffix("List").filter(|k| !k.is_empty());
    let Some(SValue::Seq(items)) = root.get("items").map(|n| &n.value) else {
        diagnostics.push(Diagnostic::error(
            file.path.clone(),
            root.get("items").map_or(opening(root), |n| n.range),
            "kubernetes-list",
            "`items` of a `kubectl get -o json` list is a list of objects",
        ));
        return;
    };
    for item in items {
        if !matches!(item.value, SValue::Map(_)) {
            continue;
        }
        let kind_entry = item.entry("kind").filter(|e| e.value.as_str().is_some());
        let own_kind = kind_entry.and_then(|e| e.value.as_str());
        let kind = own_kind.or(item_kind);
        let api_version = item.get("apiVersion").and_then(SNode::as_str).or(if own_kind.is_none() {
            list_api_version
        } else {
            None
        });
        let (Some(kind), Some(api_version)) = (kind, api_version) else {
            diagnostics.push(Diagnostic::warning(
                file.path.clone(),
                opening(item),
                "kubernetes-list",
                "a list item without `apiVersion` and `kind` is skipped: Vigil cannot tell which policies apply to it",
            ));
            continue;
        };
        let metadata = item.get("metadata");
        let name_entry = metadata.and_then(|m| m.entry("name").or_else(|| m.entry("generateName")));
        let name = name_entry.and_then(|e| e.value.as_str()).unwrap_or("unnamed").to_string();
        let namespace = metadata.and_then(|m| m.get("namespace")).and_then(SNode::as_str);
        let mut source_map = BTreeMap::new();
        let mut values = to_value(item, "", None, &mut source_map);
        source_map.remove("");
        source_map
            .retain(|pointer, _| !CLUSTER_STATE.iter().any(|base| pointer_is_at_or_under(pointer, base)));
        if let Value::Object(object) = &mut values {
            // Rebuilt rather than `remove`d, which would reorder the keys.
            *object = std::mem::take(object).into_iter().filter(|(k, _)| k != "status").collect();
            if let Some(Value::Object(meta)) = object.get_mut("metadata") {
                *meta = std::mem::take(meta).into_iter().filter(|(k, _)| k != "managedFields").collect();
            }
            object.entry("kind").or_insert_with(|| Value::String(kind.to_string()));
            object.entry("apiVersion").or_insert_with(|| Value::String(api_version.to_string()));
        }
        let header = kind_entry.or(name_entry).map_or(opening(item), |e| e.range);
        out.push(crate::kubernetes::object_resource(
            &file.path,
            api_version,
            kind,
            (name, namespace),
            values,
            source_map,
            (header, item.range),
        ));
    }
}

// ---------------------------------------------------------------------------
// A cheap look at the top level of a JSON text, for classifying files without
// parsing them.

/// A top-level member's value: a scalar's text (strings with their quotes), or the
/// kind of container (whose content is skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw<'t> {
    Scalar(&'t str),
    Object,
    Array,
}

/// Calls `visit(key, value)` for each member of the top-level object of `text`, in
/// order, until it returns false or the text stops being a well-formed object. Keys
/// are compared raw (escapes are not decoded: the keys looked for have none).
fn scan_top_level<'t>(text: &'t str, mut visit: impl FnMut(&'t str, Raw<'t>) -> bool) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut s = Scanner { text, bytes: text.as_bytes(), at: 0 };
    s.skip_ws();
    if !s.eat(b'{') {
        return;
    }
    loop {
        s.skip_ws();
        let Some(key) = s.string() else { return };
        let key = key.get(1..key.len().saturating_sub(1)).unwrap_or_default();
        s.skip_ws();
        if !s.eat(b':') {
            return;
        }
        s.skip_ws();
        let value = match s.peek() {
            Some(b'{') => Raw::Object,
            Some(b'[') => Raw::Array,
            Some(b'"') => match s.string() {
                Some(v) => Raw::Scalar(v),
                None => return,
            },
            Some(_) => Raw::Scalar(s.scalar()),
            None => return,
        };
        if !visit(key, value) {
            return;
        }
        if matches!(value, Raw::Object | Raw::Array) && !s.skip_container() {
            return;
        }
        s.skip_ws();
        if !s.eat(b',') {
            return;
        }
    }
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl<'t> Scanner<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let ok = self.peek() == Some(byte);
        self.at += usize::from(ok);
        ok
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string literal, with its quotes; `None` if there is none here or it is not
    /// closed.
    fn string(&mut self) -> Option<&'t str> {
        let start = self.at;
        if !self.eat(b'"') {
            return None;
        }
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => return self.text.get(start..self.at),
                _ => {}
            }
        }
        None
    }

    /// A number, `true`, `false` or `null`: the text up to the next delimiter.
    fn scalar(&mut self) -> &'t str {
        let start = self.at;
        while self.peek().is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
        self.text.get(start..self.at).unwrap_or_default()
    }

    /// Skips an object or array (nested ones and strings included); false if it is
    /// not closed.
    fn skip_container(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    if self.string().is_none() {
                        return false;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.at += 1;
                        return true;
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_scan_skips_nested_values_and_stops_when_asked() {
        let text = "\u{feff} {\"a\": {\"version\": 4, \"s\": \"}]\\\"\"}, \"b\" : [1, [2]], \"c\": \"x\\\"y\", \"d\": -1.5e3, \"e\": null}";
        let mut seen = Vec::new();
        scan_top_level(text, |k, v| {
            seen.push(format!("{k}={v:?}"));
            true
        });
        assert_eq!(
            seen,
            [
                "a=Object",
                "b=Array",
                "c=Scalar(\"\\\"x\\\\\\\"y\\\"\")",
                "d=Scalar(\"-1.5e3\")",
                "e=Scalar(\"null\")"
            ]
        );
        let mut count = 0;
        scan_top_level(text, |_, _| {
            count += 1;
            count < 2
        });
        assert_eq!(count, 2);
        // Broken or truncated texts end the scan without a panic.
        for broken in
            ["", "{", "{\"a\"", "{\"a\":", "{\"a\": [1, 2", "{\"a\": \"x", "[1]", "{\"é\": 1,", "{\"a\" 1}"]
        {
            scan_top_level(broken, |_, _| true);
        }
    }

    #[test]
    fn provider_names() {
        assert_eq!(
            provider_name(Some("provider[\"registry.terraform.io/hashicorp/aws\"]"), "aws_s3_bucket"),
            "aws"
        );
        assert_eq!(
            provider_name(
                Some("module.logs.provider[\"registry.terraform.io/hashicorp/google\"].west"),
                "x_y"
            ),
            "google"
        );
        assert_eq!(provider_name(Some("provider.azurerm.second"), "x_y"), "azurerm");
        assert_eq!(provider_name(None, "kubernetes_pod"), "kubernetes");
        assert_eq!(provider_name(Some("nonsense"), "aws_s3_bucket"), "aws");
    }
}
