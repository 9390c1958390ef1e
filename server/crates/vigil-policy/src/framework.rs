//! Compliance frameworks: the controls of a benchmark or standard (CIS, NIST 800-53,
//! PCI DSS, the Pod Security Standards), read from a framework file
//! (`policies/frameworks/*.yaml`, and `frameworks/*.yaml` in a team's policy
//! directory). Policies name controls in METADATA (`custom.controls`); a framework
//! file lists every control of the framework, so that a check can run only the
//! policies mapped to it and a report can show the controls no policy covers.
//!
//! ```yaml
//! id: CIS-AWS-Foundations-3.0      # the key under custom.controls
//! title: CIS Amazon Web Services Foundations Benchmark v3.0.0
//! names: [cis-aws]                 # other names --framework accepts
//! url: https://www.cisecurity.org/benchmark/amazon_web_services
//! controls:
//!   - id: "1.4"
//!     title: The root user has no access keys
//!     iac: false                   # not described by infrastructure code
//! profiles:                        # optional named subsets, by control id prefix
//!   - name: pss-baseline
//!     title: Pod Security Standards, Baseline
//!     include: ["baseline:"]
//! ```

use std::collections::BTreeSet;

use serde::Serialize;
use vigil_syntax::{yaml, Diagnostic, SNode, SValue, TextRange};

use crate::PolicyMeta;

/// One control of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Control {
    pub id: String,
    /// A one-line summary (our own words, never the benchmark's text).
    pub title: String,
    /// Whether infrastructure code can describe it at all (false for account
    /// settings, people and processes).
    pub iac: bool,
}

/// A named subset of a framework's controls (the Pod Security Standards' profiles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub name: String,
    pub title: String,
    /// Control id prefixes: a control is in the profile when its id starts with one.
    pub include: Vec<String>,
}

/// A framework read from its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Framework {
    /// The key policies use under `custom.controls`.
    pub id: String,
    pub title: String,
    /// Other names `--framework` accepts.
    pub names: Vec<String>,
    pub url: Option<String>,
    pub controls: Vec<Control>,
    pub profiles: Vec<Profile>,
    /// The file it was read from.
    pub file: String,
}

const TOP_FIELDS: &[&str] = &["id", "title", "names", "url", "controls", "profiles"];

/// Reads a framework file. Every problem is a positioned error; a control entry
/// that is wrong is left out and the others kept. `None` when the file has no
/// usable `id` or is not a mapping.
pub fn parse_framework(file: &str, text: &str) -> (Option<Framework>, Vec<Diagnostic>) {
    let parsed = yaml::parse(text);
    let mut errors: Vec<Diagnostic> = parsed
        .errors
        .iter()
        .map(|e| Diagnostic::error(file, e.range, "framework", format!("syntax error: {}", e.message)))
        .collect();
    let mut err =
        |range: TextRange, message: String| errors.push(Diagnostic::error(file, range, "framework", message));
    let Some(root) = parsed.documents.iter().find_map(|d| d.root.as_ref()) else {
        err(TextRange::empty(0), "a framework file needs `id`, `title` and `controls`".into());
        return (None, errors);
    };
    if !matches!(root.value, SValue::Map(_)) {
        err(root.range, "a framework file is a mapping with `id`, `title` and `controls`".into());
        return (None, errors);
    }
    for entry in root.entries() {
        if !TOP_FIELDS.contains(&entry.key.as_str()) {
            err(entry.key_range, format!("unknown key `{}` (known: {})", entry.key, TOP_FIELDS.join(", ")));
        }
    }
    let id = match root.get("id").map(scalar) {
        Some(Some(id)) if !id.trim().is_empty() => id,
        Some(_) => {
            err(root.get("id").map_or(root.range, |n| n.range), "`id` must be a non-empty string".into());
            return (None, errors);
        }
        None => {
            err(first_line(root), "missing `id`: the key policies use under `custom.controls`".into());
            return (None, errors);
        }
    };
    let title = match root.get("title").map(scalar) {
        Some(Some(t)) => t,
        Some(None) => {
            err(root.get("title").map_or(root.range, |n| n.range), "`title` must be a string".into());
            id.clone()
        }
        None => {
            err(first_line(root), "missing `title`".into());
            id.clone()
        }
    };
    let names = match root.get("names") {
        None => Vec::new(),
        Some(n) => strings(n).unwrap_or_else(|| {
            err(n.range, "`names` must be a list of strings".into());
            Vec::new()
        }),
    };
    let url = root.get("url").and_then(scalar);
    let mut controls: Vec<Control> = Vec::new();
    let mut seen = BTreeSet::new();
    match root.get("controls") {
        None => err(first_line(root), "missing `controls`: the list of the framework's controls".into()),
        Some(SNode { value: SValue::Seq(items), .. }) => {
            for item in items {
                let Some(cid) = item.get("id").and_then(scalar) else {
                    err(
                        item.range,
                        "a control needs an `id` (a string: quote numbers such as \"1.10\")".into(),
                    );
                    continue;
                };
                if let Some(e) =
                    item.entries().iter().find(|e| !["id", "title", "iac"].contains(&e.key.as_str()))
                {
                    err(e.key_range, format!("unknown key `{}` in a control (known: id, title, iac)", e.key));
                }
                let Some(ctitle) = item.get("title").and_then(scalar) else {
                    err(item.range, format!("control `{cid}` needs a `title`"));
                    continue;
                };
                let iac = match item.get("iac").map(|n| &n.value) {
                    None => true,
                    Some(SValue::Bool(b)) => *b,
                    Some(_) => {
                        err(
                            item.get("iac").map_or(item.range, |n| n.range),
                            "`iac` must be true or false".into(),
                        );
                        true
                    }
                };
                if !seen.insert(cid.clone()) {
                    err(item.range, format!("control `{cid}` is listed twice"));
                    continue;
                }
                controls.push(Control { id: cid, title: ctitle, iac });
            }
        }
        Some(n) => err(n.range, "`controls` must be a list of `- id: ...` entries".into()),
    }
    let mut profiles = Vec::new();
    match root.get("profiles") {
        None => {}
        Some(SNode { value: SValue::Seq(items), .. }) => {
            for item in items {
                let name = item.get("name").and_then(scalar);
                let include = item.get("include").and_then(strings);
                match (name, include) {
                    (Some(name), Some(include)) if !include.is_empty() => {
                        let title = item.get("title").and_then(scalar).unwrap_or_else(|| name.clone());
                        profiles.push(Profile { name, title, include });
                    }
                    _ => err(
                        item.range,
                        "a profile needs a `name` and an `include` list of control id prefixes".into(),
                    ),
                }
            }
        }
        Some(n) => err(n.range, "`profiles` must be a list of `- name: ...` entries".into()),
    }
    let framework = Framework { id, title, names, url, controls, profiles, file: file.to_string() };
    (Some(framework), errors)
}

fn first_line(root: &SNode) -> TextRange {
    TextRange::empty(root.range.start)
}

fn scalar(node: &SNode) -> Option<String> {
    match &node.value {
        SValue::String(s) => Some(s.clone()),
        SValue::Int(i) => Some(i.to_string()),
        SValue::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn strings(node: &SNode) -> Option<Vec<String>> {
    match &node.value {
        SValue::Seq(items) => items.iter().map(scalar).collect(),
        _ => None,
    }
}

/// The frameworks known to a run: the built-in ones, then those of the policy
/// directories (a file with the id of an earlier one replaces it).
#[derive(Debug, Clone, Default)]
pub struct Frameworks {
    pub list: Vec<Framework>,
}

/// A framework, or one profile of it, chosen by name.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    pub framework: &'a Framework,
    pub profile: Option<&'a Profile>,
}

impl Frameworks {
    /// Reads framework files given as (path, text), in order.
    pub fn load(files: &[(String, String)]) -> (Frameworks, Vec<Diagnostic>) {
        let mut list: Vec<Framework> = Vec::new();
        let mut diagnostics = Vec::new();
        for (path, text) in files {
            let (framework, errors) = parse_framework(path, text);
            diagnostics.extend(errors);
            if let Some(f) = framework {
                list.retain(|old| !old.id.eq_ignore_ascii_case(&f.id));
                list.push(f);
            }
        }
        (Frameworks { list }, diagnostics)
    }

    /// The framework or profile called `name` (its id, one of its names, or a
    /// profile's name; case does not matter).
    pub fn select(&self, name: &str) -> Option<Selection<'_>> {
        let is = |s: &str| s.eq_ignore_ascii_case(name.trim());
        self.list.iter().find_map(|f| {
            if is(&f.id) || f.names.iter().any(|n| is(n)) {
                Some(Selection { framework: f, profile: None })
            } else {
                f.profiles.iter().find(|p| is(&p.name)).map(|p| Selection { framework: f, profile: Some(p) })
            }
        })
    }

    /// What `--framework` accepts, for an error message: each framework's shortest
    /// name and its profiles.
    pub fn choices(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.list {
            out.push(f.names.first().cloned().unwrap_or_else(|| f.id.clone()));
            out.extend(f.profiles.iter().map(|p| p.name.clone()));
        }
        out
    }

    /// Control ids that policies cite under a known framework's key but the
    /// framework does not list, as (policy id, framework id, control id).
    pub fn unknown_citations<'m>(
        &self,
        metas: impl IntoIterator<Item = &'m PolicyMeta>,
    ) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for meta in metas {
            for (key, ids) in &meta.controls {
                let Some(f) = self.list.iter().find(|f| &f.id == key) else { continue };
                for id in ids.iter().filter(|id| !f.controls.iter().any(|c| &c.id == *id)) {
                    out.push((meta.id.clone(), key.clone(), id.clone()));
                }
            }
        }
        out
    }
}

impl<'a> Selection<'a> {
    /// The title to show: the profile's, else the framework's.
    pub fn title(&self) -> &'a str {
        self.profile.map_or(&self.framework.title, |p| &p.title)
    }

    /// Whether a control of the framework is in the selection.
    pub fn includes(&self, control: &str) -> bool {
        self.profile.is_none_or(|p| p.include.iter().any(|prefix| control.starts_with(prefix.as_str())))
    }

    /// The selection's controls, in the framework's order.
    pub fn controls(&self) -> impl Iterator<Item = &'a Control> + '_ {
        self.framework.controls.iter().filter(|c| self.includes(&c.id))
    }

    /// The controls of the selection that a policy names.
    pub fn cited_by<'m>(&self, meta: &'m PolicyMeta) -> Vec<&'m str> {
        meta.controls
            .get(&self.framework.id)
            .map(|ids| ids.iter().map(String::as_str).filter(|id| self.includes(id)).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PSS: &str = "id: PSS\ntitle: Pod Security\nnames: [pss]\ncontrols:\n  - id: \"baseline:privileged\"\n    title: No privileged containers\n  - id: \"restricted:seccomp\"\n    title: A seccomp profile\nprofiles:\n  - name: pss-baseline\n    title: Baseline\n    include: [\"baseline:\"]\n";

    #[test]
    fn a_framework_file_is_read_with_its_profiles() {
        let (f, errors) = parse_framework("pss.yaml", PSS);
        assert!(errors.is_empty(), "{errors:?}");
        let f = f.unwrap();
        assert_eq!(f.id, "PSS");
        assert_eq!(f.controls.len(), 2);
        assert!(f.controls[0].iac);
        let all = Frameworks { list: vec![f] };
        let base = all.select("PSS-Baseline").unwrap();
        assert_eq!(base.controls().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["baseline:privileged"]);
        assert_eq!(all.select("pss").unwrap().controls().count(), 2);
        assert!(all.select("nist").is_none());
        assert_eq!(all.choices(), ["pss", "pss-baseline"]);
    }

    #[test]
    fn mistakes_are_positioned_and_the_rest_is_kept() {
        let text = "id: X\ntitle: T\ncolour: red\ncontrols:\n  - id: \"1.1\"\n  - id: \"1.2\"\n    title: ok\n    iac: maybe\n  - id: \"1.2\"\n    title: twice\n  - title: no id\n";
        let (f, errors) = parse_framework("x.yaml", text);
        let f = f.unwrap();
        assert_eq!(f.controls.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["1.2"]);
        let messages: Vec<(u32, &str)> = errors.iter().map(|e| (e.range.start, e.message.as_str())).collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(messages[0].1.contains("unknown key `colour`"));
        assert_eq!(&text[errors[0].range.as_usize()], "colour");
        assert!(messages.iter().any(|m| m.1.contains("control `1.1` needs a `title`")));
        assert!(messages.iter().any(|m| m.1.contains("`iac` must be true or false")));
        assert!(messages.iter().any(|m| m.1.contains("`1.2` is listed twice")));
        assert!(messages.iter().any(|m| m.1.contains("a control needs an `id`")));
    }

    #[test]
    fn a_file_without_an_id_gives_no_framework() {
        let (f, errors) = parse_framework("x.yaml", "title: T\ncontrols: []\n");
        assert!(f.is_none());
        assert!(errors[0].message.contains("missing `id`"));
        let (f, errors) = parse_framework("x.yaml", "- a\n");
        assert!(f.is_none());
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn a_later_file_replaces_a_framework_with_its_id() {
        let (all, _) = Frameworks::load(&[
            ("a.yaml".into(), "id: N\ntitle: Old\ncontrols: []\n".into()),
            ("b.yaml".into(), "id: n\ntitle: New\ncontrols: []\n".into()),
        ]);
        assert_eq!(all.list.len(), 1);
        assert_eq!(all.list[0].title, "New");
    }
}
