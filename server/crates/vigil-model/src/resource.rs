use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use vigil_syntax::TextRange;

/// A JSON Pointer (RFC 6901) into a resource's `values`, e.g. `/versioning/enabled`.
pub type JsonPointer = String;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Terraform,
    #[serde(rename = "cloudformation")]
    CloudFormation,
    Kubernetes,
    Pulumi,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Terraform => "terraform",
            SourceKind::CloudFormation => "cloudformation",
            SourceKind::Kubernetes => "kubernetes",
            SourceKind::Pulumi => "pulumi",
        }
    }
}

/// `managed` for resources that are created; `data` for Terraform data sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// Where the text of one value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The attribute name, block type or mapping key, when the value has one.
    pub key: Option<TextRange>,
    /// The value's own text: an expression, a scalar, a block's whole extent.
    pub value: TextRange,
}

/// A previewed resource: what the code would create, and where each value came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub address: String,
    pub r#type: String,
    pub name: String,
    pub mode: Mode,
    pub source: SourceKind,
    pub provider: String,
    pub file: String,
    pub values: Value,
    pub references: BTreeMap<JsonPointer, Vec<String>>,
    pub unknown: Vec<JsonPointer>,
    /// The header: `resource "aws_s3_bucket" "b"`, the logical id, the `kind:` line.
    pub header: TextRange,
    /// The whole resource: block, template entry or YAML document.
    pub range: TextRange,
    pub source_map: BTreeMap<JsonPointer, Span>,
    /// The number of instances is known only at apply time (`count` or `for_each`
    /// on unknown values): the resource stands for zero or more instances. It is part
    /// of its stack (so that cross-resource policies see it) but is not evaluated
    /// itself: a finding on it might concern nothing that will exist.
    pub instances_unknown: bool,
}

impl Resource {
    /// The JSON a policy sees as `input.resource`.
    pub fn to_input(&self) -> Value {
        serde_json::json!({
            "address": self.address,
            "type": self.r#type,
            "name": self.name,
            "mode": self.mode,
            "source": self.source,
            "provider": self.provider,
            "file": self.file,
            "values": self.values,
            "references": self.references,
            "unknown": self.unknown,
        })
    }

    /// Where a finding at `path` belongs: the deepest mapped prefix of the path. A
    /// value on its key's line is marked whole; a block, a block mapping or
    /// sequence, or a value over several lines, by its key (by its first line when it
    /// has no key). With no mapped prefix, the resource header.
    pub fn finding_range(&self, path: &str, text: &str) -> TextRange {
        let mut prefix = path.trim_end_matches('/');
        loop {
            if let Some(span) = self.source_map.get(prefix) {
                return span_anchor(span, text);
            }
            match prefix.rfind('/') {
                Some(i) if !prefix.is_empty() => prefix = &prefix[..i],
                _ => return self.header,
            }
        }
    }

    /// Is the value at `path`, or a parent of it, unknown until apply?
    pub fn is_unknown_path(&self, path: &str) -> bool {
        self.unknown.iter().any(|u| pointer_is_at_or_under(path, u))
    }
}

/// True when `path` equals `base` or lies under it (`/a/b` under `/a`, not `/ab`).
pub fn pointer_is_at_or_under(path: &str, base: &str) -> bool {
    path == base
        || (path.starts_with(base) && path.as_bytes().get(base.len()) == Some(&b'/'))
        || base.is_empty()
}

fn span_anchor(span: &Span, text: &str) -> TextRange {
    let value = span.value;
    let value_text = text.get(value.as_usize()).unwrap_or("");
    let single_line = !value.is_empty() && !value_text.contains('\n');
    match span.key {
        // A block (HCL blocks include their name), a block mapping or sequence (the
        // value starts on a later line), or a long value: marked by its key.
        Some(key)
            if key.start == value.start
                || !single_line
                || text_between_has_newline(text, key.end, value.start) =>
        {
            key
        }
        Some(_) => value,
        None if single_line => value,
        // No key (a sequence item): its first line, trimmed.
        None => {
            let first_line = value_text.split('\n').next().unwrap_or("").trim_end();
            TextRange::new(value.start, value.start + first_line.len() as u32)
        }
    }
}

fn text_between_has_newline(text: &str, from: u32, to: u32) -> bool {
    from < to && text.get(from as usize..to as usize).is_some_and(|t| t.contains('\n'))
}

/// The resources that are read and evaluated together: a Terraform directory, a
/// CloudFormation template, a Kubernetes file.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    /// The directory (Terraform) or file path (others).
    pub id: String,
    pub source: SourceKind,
    pub resources: Vec<Resource>,
    /// Where named values are defined: `var.acl` → its `variable` block and the
    /// tfvars line that sets it; `local.tags` → its definition; CloudFormation
    /// parameters as `Ref Name`. For "this value came from there" hints.
    pub origins: BTreeMap<String, Vec<Origin>>,
    /// Terraform: the version constraints of each provider, by its local name
    /// (`aws`, `azurerm`), from the `required_providers` blocks of every module the
    /// stack reads (all must hold); empty for other formats. Policies see them as
    /// `input.stack.providers`.
    pub providers: BTreeMap<String, Vec<String>>,
}

/// A place a value is defined or set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub range: TextRange,
    /// What is there: "variable declared here", "set in terraform.tfvars", ...
    pub note: String,
}

/// An instance's address without its instance key: `aws_s3_bucket.b[0]` →
/// `aws_s3_bucket.b` (others unchanged).
pub fn base_address(address: &str) -> &str {
    match address.strip_suffix(']').and_then(|a| a.rfind('[')) {
        Some(i) => &address[..i],
        None => address,
    }
}

/// Escapes one JSON Pointer reference token.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
