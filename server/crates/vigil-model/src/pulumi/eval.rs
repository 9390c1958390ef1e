//! Pulumi YAML expressions for one stack: `${...}` interpolation and property access,
//! the `fn::` built-in functions that can be evaluated without deploying, config
//! values (stack setting, else default), and variables in dependency order.
//!
//! What only exists after deployment is unknown ([`Val::Unknown`]): resource outputs,
//! `fn::invoke` results, files read with `fn::readFile`, assets and archives, secret
//! config values, config without a value, `${pulumi.organization}`.

use std::collections::{BTreeMap, HashMap};

use base64::Engine as _;
use serde_json::{Map, Value};
use vigil_syntax::{Diagnostic, SEntry, SNode, SValue, TextRange};

use super::program::{Program, StackConfig};
use crate::resource::{escape_token, JsonPointer};

/// Deeper nesting of variables and functions than this is unknown: bounds recursion.
const MAX_DEPTH: usize = 64;

/// A value during evaluation: known, unknown until deployment, or a list or map
/// holding unknowns (fully known collections are always `Known`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    Known(Value),
    /// `display` is what the value shows in `values` (`${bucket.arn}`); `refs` are
    /// the addresses of the resources it depends on.
    Unknown {
        display: String,
        refs: Vec<String>,
    },
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
}

impl Val {
    fn unknown(display: impl Into<String>, refs: Vec<String>) -> Val {
        Val::Unknown { display: display.into(), refs }
    }

    fn list(items: Vec<Val>) -> Val {
        if items.iter().all(|v| matches!(v, Val::Known(_))) {
            Val::Known(Value::Array(
                items
                    .into_iter()
                    .map(|v| match v {
                        Val::Known(v) => v,
                        _ => Value::Null,
                    })
                    .collect(),
            ))
        } else {
            Val::List(items)
        }
    }

    fn map(entries: Vec<(String, Val)>) -> Val {
        if entries.iter().all(|(_, v)| matches!(v, Val::Known(_))) {
            let mut object = Map::new();
            for (k, v) in entries {
                if let Val::Known(v) = v {
                    object.insert(k, v);
                }
            }
            Val::Known(Value::Object(object))
        } else {
            Val::Map(entries)
        }
    }

    /// The addresses of the resources the unknown parts depend on.
    fn refs(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out.sort();
        out.dedup();
        out
    }

    fn collect_refs(&self, out: &mut Vec<String>) {
        match self {
            Val::Known(_) => {}
            Val::Unknown { refs, .. } => out.extend(refs.iter().cloned()),
            Val::List(items) => items.iter().for_each(|v| v.collect_refs(out)),
            Val::Map(entries) => entries.iter().for_each(|(_, v)| v.collect_refs(out)),
        }
    }

    /// The value as policies see it: unknowns become their display string, their
    /// pointers go to `unknown` and their resources to `references`.
    pub(super) fn into_json(
        self,
        pointer: &str,
        unknown: &mut Vec<JsonPointer>,
        references: &mut BTreeMap<JsonPointer, Vec<String>>,
    ) -> Value {
        match self {
            Val::Known(v) => v,
            Val::Unknown { display, mut refs } => {
                unknown.push(pointer.to_string());
                refs.sort();
                refs.dedup();
                if !refs.is_empty() {
                    references.insert(pointer.to_string(), refs);
                }
                Value::String(display)
            }
            Val::List(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| v.into_json(&format!("{pointer}/{i}"), unknown, references))
                    .collect(),
            ),
            Val::Map(entries) => {
                let mut object = Map::new();
                for (k, v) in entries {
                    let child = format!("{pointer}/{}", escape_token(&k));
                    object.insert(k, v.into_json(&child, unknown, references));
                }
                Value::Object(object)
            }
        }
    }
}

/// One piece of an interpolated string.
#[derive(Debug, PartialEq)]
pub(super) enum Part<'s> {
    Text(String),
    /// The expression between `${` and `}`, as written.
    Expr(&'s str),
}

/// Splits a string into text and `${...}` expressions (`$${` is a literal `${`).
/// An error for a `${` without its `}`.
pub(super) fn split_interpolation(s: &str) -> Result<Vec<Part<'_>>, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('$') {
        text.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            text.push_str("${");
            rest = after;
        } else if let Some(after) = tail.strip_prefix("${") {
            let end = expression_end(after)
                .ok_or_else(|| format!("`{}` has a `${{` without its closing `}}`", one_line(s)))?;
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            parts.push(Part::Expr(&after[..end]));
            rest = &after[end + 1..];
        } else {
            text.push('$');
            rest = &tail[1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(parts)
}

/// The byte offset of the `}` that closes an expression (quoted keys may hold `}`).
fn expression_end(s: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '}' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// One step of a property access.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Access {
    Key(String),
    Index(usize),
}

/// Reads a property access: `root`, `root.a`, `root["a b"]`, `root[0].b`,
/// `["root with ."].a`.
pub(super) fn parse_access(expr: &str) -> Result<(String, Vec<Access>), String> {
    let bad = || {
        format!(
            "`${{{expr}}}` is not a property access: write `name`, `name.property`, `name[0]` or `name[\"key\"]`"
        )
    };
    let s = expr.trim();
    let (root, mut rest) = if let Some(after) = s.strip_prefix('[') {
        let (key, after) = quoted_key(after).ok_or_else(bad)?;
        (key, after.strip_prefix(']').ok_or_else(bad)?)
    } else {
        let end = s.find(['.', '[']).unwrap_or(s.len());
        (s[..end].to_string(), &s[end..])
    };
    if root.is_empty() || root.contains(char::is_whitespace) {
        return Err(bad());
    }
    let mut accessors = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(bad());
            }
            accessors.push(Access::Key(name.to_string()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            if after.starts_with('"') {
                let (key, after) = quoted_key(after).ok_or_else(bad)?;
                accessors.push(Access::Key(key));
                rest = after.strip_prefix(']').ok_or_else(bad)?;
            } else {
                let end = after.find(']').ok_or_else(bad)?;
                let index = after[..end].trim().parse::<usize>().map_err(|_| bad())?;
                accessors.push(Access::Index(index));
                rest = &after[end + 1..];
            }
        } else {
            return Err(bad());
        }
    }
    Ok((root, accessors))
}

/// A `"..."` key (with `\"` and `\\` escapes) at the start of `s`, and what follows.
fn quoted_key(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut key = String::new();
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => {
                key.push(c);
                escaped = false;
            }
            '\\' => escaped = true,
            '"' => return Some((key, &body[i + 1..])),
            _ => key.push(c),
        }
    }
    None
}

/// The built-in function a node calls: a mapping with a single `fn::` key.
pub(super) fn function_call(node: &SNode) -> Option<&SEntry> {
    match &node.value {
        SValue::Map(entries) if entries.len() == 1 => {
            let e = &entries[0];
            let lower = e.key.get(..4).map(str::to_ascii_lowercase);
            (lower.as_deref() == Some("fn::")).then_some(e)
        }
        _ => None,
    }
}

/// A value written out in full: no `${...}` and no function call anywhere inside.
pub(super) fn is_literal(node: &SNode) -> bool {
    match &node.value {
        SValue::String(s) => {
            !split_interpolation(s).is_ok_and(|p| p.iter().any(|p| matches!(p, Part::Expr(_))))
        }
        SValue::Map(entries) => function_call(node).is_none() && entries.iter().all(|e| is_literal(&e.value)),
        SValue::Seq(items) => items.iter().all(is_literal),
        SValue::Tagged(_, inner) => is_literal(inner),
        _ => true,
    }
}

/// A value without evaluation (config defaults and stack settings).
pub(super) fn plain(node: &SNode) -> Value {
    crate::snode_values::to_value(node, "", None, &mut BTreeMap::new())
}

fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.len() < s.len() {
        format!("{line}…")
    } else {
        line.to_string()
    }
}

/// A config value for one stack, and the literal it was read from.
#[derive(Debug, Clone)]
struct ConfigValue {
    val: Val,
    /// Where the value is written (file, node) when it is a literal.
    written: Option<(String, SNode)>,
}

/// Where a value read through a variable or config is written, for findings.
#[derive(Debug, Clone)]
pub(super) struct Written {
    pub file: String,
    pub node: SNode,
    pub note: String,
}

/// What a name of the program's namespace is.
enum Name<'p> {
    Variable,
    Resource { address: Option<&'p str> },
    Config,
}

/// Evaluates the expressions of one program for one stack.
pub(super) struct Evaluator<'p, 'f> {
    program: &'p Program<'f>,
    stack: Option<&'p str>,
    /// Resource name → address in this stack (`get` resources have none).
    addresses: &'p HashMap<String, String>,
    config: HashMap<String, ConfigValue>,
    variables: HashMap<String, Val>,
    /// Variables being evaluated, outermost first (for cycles).
    visiting: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'p, 'f> Evaluator<'p, 'f> {
    pub(super) fn new(
        program: &'p Program<'f>,
        stack_config: Option<&'p StackConfig<'f>>,
        stack: Option<&'p str>,
        addresses: &'p HashMap<String, String>,
    ) -> Self {
        let mut ev = Evaluator {
            program,
            stack,
            addresses,
            config: HashMap::new(),
            variables: HashMap::new(),
            visiting: Vec::new(),
            diagnostics: Vec::new(),
        };
        ev.resolve_config(stack_config);
        ev
    }

    /// Config values: the stack's setting (`<project>:<name>` or `<name>`), else the
    /// declared default, else unknown. Encrypted (`secure:`) settings are unknown.
    /// Settings of the project's namespace that the program does not declare can be
    /// read too.
    fn resolve_config(&mut self, stack_config: Option<&StackConfig<'f>>) {
        let project = self.program.project.as_deref();
        for (name, decl) in &self.program.config {
            let file = &self.program.files[decl.file].0.path;
            let set = stack_config.and_then(|s| s.setting(project, name).map(|e| (s, e)));
            let value = match set {
                Some((_, entry)) if is_secure(&entry.value) => {
                    ConfigValue { val: Val::unknown(format!("${{{name}}}"), vec![]), written: None }
                }
                Some((s, entry)) => ConfigValue {
                    val: Val::Known(coerce(plain(&entry.value), decl.r#type.as_deref())),
                    written: Some((s.file.path.clone(), entry.value.clone())),
                },
                None => match &decl.default {
                    Some(default) => ConfigValue {
                        val: Val::Known(coerce(plain(default), decl.r#type.as_deref())),
                        written: Some((file.clone(), default.clone())),
                    },
                    None => ConfigValue { val: Val::unknown(format!("${{{name}}}"), vec![]), written: None },
                },
            };
            self.config.insert(name.clone(), value);
        }
        let (Some(s), Some(project)) = (stack_config, project) else { return };
        for entry in &s.settings {
            let Some(name) = entry.key.strip_prefix(project).and_then(|k| k.strip_prefix(':')) else {
                continue;
            };
            if self.config.contains_key(name) || self.program.variables.contains_key(name) {
                continue;
            }
            let value = if is_secure(&entry.value) {
                ConfigValue { val: Val::unknown(format!("${{{name}}}"), vec![]), written: None }
            } else {
                ConfigValue {
                    val: Val::Known(plain(&entry.value)),
                    written: Some((s.file.path.clone(), entry.value.clone())),
                }
            };
            self.config.insert(name.to_string(), value);
        }
    }

    /// Evaluates every variable and output, for their diagnostics (cycles, unknown
    /// names, bad function arguments) even when no resource uses them.
    pub(super) fn check_all(&mut self) {
        let names: Vec<String> = self.program.variable_order.clone();
        for name in names {
            self.variable(&name, 0);
        }
        for output in &self.program.outputs {
            self.eval(&output.node, output.file, 0);
        }
    }

    /// The properties of a resource: values, unknown pointers and references.
    pub(super) fn properties(
        &mut self,
        node: &SNode,
        file: usize,
    ) -> (Value, Vec<JsonPointer>, BTreeMap<JsonPointer, Vec<String>>) {
        let mut unknown = Vec::new();
        let mut references = BTreeMap::new();
        let values = match self.eval(node, file, 0) {
            Val::Known(Value::Null) => Value::Object(Map::new()),
            v @ (Val::Known(Value::Object(_)) | Val::Map(_)) => {
                v.into_json("", &mut unknown, &mut references)
            }
            v @ Val::Unknown { .. } => {
                let refs = v.refs();
                if !refs.is_empty() {
                    references.insert(String::new(), refs);
                }
                unknown.push(String::new());
                Value::Object(Map::new())
            }
            _ => {
                self.error(
                    file,
                    node.range,
                    "pulumi-resource",
                    "a resource's `properties` must be a mapping of property names to values",
                );
                Value::Object(Map::new())
            }
        };
        unknown.sort();
        unknown.dedup();
        (values, unknown, references)
    }

    /// Where each value of a resource that is read through a variable or config is
    /// written as a literal (by pointer), for placing findings there.
    pub(super) fn written_values(&self, node: &SNode, pointer: &str, out: &mut Vec<(JsonPointer, Written)>) {
        match &node.value {
            SValue::String(_) => {
                if let Some(written) = self.trace(node, 0) {
                    self.record_written(written, pointer, out, 0);
                }
            }
            SValue::Map(entries) if function_call(node).is_none() => {
                for e in entries {
                    self.written_values(&e.value, &format!("{pointer}/{}", escape_token(&e.key)), out);
                }
            }
            SValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.written_values(item, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// Records the literals a substituted value is made of under `pointer`: a
    /// scalar where it is written; a mapping or list item by item, following the
    /// items that are substitutions themselves. Templates and function calls are
    /// written where they are used, and recorded nowhere.
    fn record_written(
        &self,
        written: Written,
        pointer: &str,
        out: &mut Vec<(JsonPointer, Written)>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match &written.node.value {
            SValue::String(_) if !is_literal(&written.node) => {
                if let Some(inner) = self.trace(&written.node, depth + 1) {
                    self.record_written(inner, pointer, out, depth + 1);
                }
            }
            SValue::Map(entries) if function_call(&written.node).is_none() => {
                for e in entries {
                    let child = Written { node: e.value.clone(), ..written.clone() };
                    self.record_written(
                        child,
                        &format!("{pointer}/{}", escape_token(&e.key)),
                        out,
                        depth + 1,
                    );
                }
            }
            SValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let child = Written { node: item.clone(), ..written.clone() };
                    self.record_written(child, &format!("{pointer}/{i}"), out, depth + 1);
                }
            }
            SValue::Map(_) => {}
            _ => out.push((pointer.to_string(), written)),
        }
    }

    /// The node a `${name...}` substitution reads (through variables that are
    /// substitutions themselves), and where it is.
    fn trace(&self, node: &SNode, depth: usize) -> Option<Written> {
        let SValue::String(s) = &node.value else { return None };
        let parts = split_interpolation(s).ok()?;
        let [Part::Expr(expr)] = parts.as_slice() else { return None };
        let (root, accessors) = parse_access(expr).ok()?;
        self.trace_access(&root, &accessors, depth)
    }

    fn trace_access(&self, root: &str, accessors: &[Access], depth: usize) -> Option<Written> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (mut written, rest) = if let Some(def) = self.program.variables.get(root) {
            let file = self.program.files[def.file].0.path.clone();
            let note = format!("variable `{root}` is defined here");
            (Written { file, node: def.node.clone(), note }, accessors)
        } else {
            let (name, rest) = match (root, accessors.first()) {
                (r, _) if self.config.contains_key(r) && !self.shadowed(r) => (r, accessors),
                ("config", Some(Access::Key(k))) if self.config.contains_key(k.as_str()) => {
                    (k.as_str(), &accessors[1..])
                }
                _ => return None,
            };
            let (file, node) = self.config.get(name)?.written.clone()?;
            let note = if self.program.files.iter().any(|(f, _)| f.path == file) {
                format!("config `{name}` defaults to this")
            } else {
                match self.stack {
                    Some(stack) => format!("config `{name}` is set here for stack `{stack}`"),
                    None => format!("config `{name}` is set here"),
                }
            };
            (Written { file, node, note }, rest)
        };
        for access in rest {
            if !is_literal(&written.node) && matches!(written.node.value, SValue::String(_)) {
                written = self.trace(&written.node, depth + 1)?;
            }
            let next = match (access, &written.node.value) {
                (Access::Key(k), SValue::Map(_)) if function_call(&written.node).is_none() => {
                    written.node.get(k)
                }
                (Access::Index(i), SValue::Seq(items)) => items.get(*i),
                _ => None,
            }?
            .clone();
            written.node = next;
        }
        Some(written)
    }

    /// A name that is a variable or a resource hides a config value of that name.
    fn shadowed(&self, name: &str) -> bool {
        self.program.variables.contains_key(name) || self.program.resource_index.contains_key(name)
    }

    fn kind_of(&self, name: &str) -> Option<Name<'p>> {
        if self.program.variables.contains_key(name) {
            return Some(Name::Variable);
        }
        if let Some(r) = self.program.resource_index.get(name).and_then(|&i| self.program.resources.get(i)) {
            let address = if r.get { None } else { self.addresses.get(&r.name).map(String::as_str) };
            return Some(Name::Resource { address });
        }
        self.config.contains_key(name).then_some(Name::Config)
    }

    /// A variable's value, evaluated once (variables that depend on it first).
    fn variable(&mut self, name: &str, depth: usize) -> Val {
        if let Some(v) = self.variables.get(name) {
            return v.clone();
        }
        let Some(def) = self.program.variables.get(name) else {
            return Val::unknown(format!("${{{name}}}"), vec![]);
        };
        if let Some(at) = self.visiting.iter().position(|v| v == name) {
            let mut chain: Vec<&str> = self.visiting[at..].iter().map(String::as_str).collect();
            chain.push(name);
            let message = format!(
                "variable `{name}` depends on itself ({}); its value is unknown. Break the cycle by writing one of these values out",
                chain.join(" → ")
            );
            let (file, range) = (def.file, def.key_range);
            self.error(file, range, "cycle", message);
            return Val::unknown(format!("${{{name}}}"), vec![]);
        }
        if depth > MAX_DEPTH {
            return Val::unknown(format!("${{{name}}}"), vec![]);
        }
        self.visiting.push(name.to_string());
        let value = self.eval(&def.node, def.file, depth + 1);
        self.visiting.pop();
        self.variables.insert(name.to_string(), value.clone());
        value
    }

    /// Evaluates an expression node: strings are interpolated, `fn::` mappings call
    /// built-in functions, collections are evaluated item by item.
    fn eval(&mut self, node: &SNode, file: usize, depth: usize) -> Val {
        if depth > MAX_DEPTH {
            return Val::unknown("${…}", vec![]);
        }
        match &node.value {
            SValue::String(s) => self.interpolate(s, node, file, depth),
            SValue::Map(entries) => match function_call(node) {
                Some(call) => self.call(call, file, depth),
                None => {
                    for e in entries
                        .iter()
                        .filter(|e| e.key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("fn::")))
                    {
                        self.diagnostics.push(Diagnostic::warning(
                            self.path(file),
                            e.key_range,
                            "pulumi-function",
                            format!("`{}` calls a function only as the single key of its mapping; with other keys beside it, it is read as a plain key", e.key),
                        ));
                    }
                    Val::map(
                        entries
                            .iter()
                            .map(|e| (e.key.clone(), self.eval(&e.value, file, depth + 1)))
                            .collect(),
                    )
                }
            },
            SValue::Seq(items) => Val::list(items.iter().map(|i| self.eval(i, file, depth + 1)).collect()),
            SValue::Tagged(_, inner) => self.eval(inner, file, depth),
            _ => Val::Known(plain(node)),
        }
    }

    fn interpolate(&mut self, s: &str, node: &SNode, file: usize, depth: usize) -> Val {
        let parts = match split_interpolation(s) {
            Ok(parts) => parts,
            Err(message) => {
                self.error(
                    file,
                    node.range,
                    "pulumi-expression",
                    format!("{message}; write `$${{` for a literal `${{`"),
                );
                // Pulumi rejects the program: what the value would be is unknown.
                return Val::unknown(s, vec![]);
            }
        };
        match parts.as_slice() {
            [] => Val::Known(Value::String(String::new())),
            // A lone `${...}` is a substitution: the value keeps its type.
            [Part::Expr(expr)] => self.access(expr, node, file, depth),
            _ => {
                let mut out = String::new();
                let mut refs = Vec::new();
                let mut known = true;
                for part in &parts {
                    match part {
                        Part::Text(t) => out.push_str(t),
                        Part::Expr(expr) => match self.access(expr, node, file, depth) {
                            Val::Known(v) => match scalar_string(&v) {
                                Some(text) => out.push_str(&text),
                                None => {
                                    let range = self.expr_range(node, file, expr);
                                    self.error(file, range, "pulumi-expression", format!("`${{{expr}}}` is {}, which cannot be put into a string; use it alone as the whole value, or `fn::toJSON` it", kind_name(&v)));
                                    known = false;
                                    out.push_str(&format!("${{{expr}}}"));
                                }
                            },
                            other => {
                                known = false;
                                refs.extend(other.refs());
                                out.push_str(&format!("${{{expr}}}"));
                            }
                        },
                    }
                }
                if known {
                    Val::Known(Value::String(out))
                } else {
                    Val::unknown(out, refs)
                }
            }
        }
    }

    /// The value of a property access `root.a[0]["b"]`.
    fn access(&mut self, expr: &str, node: &SNode, file: usize, depth: usize) -> Val {
        let display = format!("${{{}}}", expr.trim());
        let (root, accessors) = match parse_access(expr) {
            Ok(parsed) => parsed,
            Err(message) => {
                let range = self.expr_range(node, file, expr);
                self.error(file, range, "pulumi-expression", message);
                return Val::unknown(display, vec![]);
            }
        };
        let (mut value, used) = match self.kind_of(&root) {
            Some(Name::Variable) => (self.variable(&root, depth + 1), 0),
            Some(Name::Resource { address }) => {
                // Resource outputs exist only after deployment.
                return Val::unknown(display, address.map(str::to_string).into_iter().collect());
            }
            Some(Name::Config) => {
                (self.config.get(&root).map(|c| c.val.clone()).unwrap_or(Val::Known(Value::Null)), 0)
            }
            None => match (root.as_str(), accessors.first()) {
                ("pulumi", _) => (self.pulumi_builtins(), 0),
                ("config", Some(Access::Key(k))) if self.config.contains_key(k) => {
                    (self.config.get(k).map(|c| c.val.clone()).unwrap_or(Val::Known(Value::Null)), 1)
                }
                _ => {
                    let range = self.expr_range(node, file, expr);
                    self.error(file, range, "pulumi-reference", format!("`{root}` is not a config value, variable or resource of this program; declare it under `config:`, `variables:` or `resources:`, or fix the name"));
                    return Val::unknown(display, vec![]);
                }
            },
        };
        for access in &accessors[used..] {
            value = match index(value, access) {
                Ok(v) => v,
                Err(message) => {
                    let range = self.expr_range(node, file, expr);
                    self.error(file, range, "pulumi-expression", format!("`{display}`: {message}"));
                    return Val::unknown(display, vec![]);
                }
            };
        }
        match value {
            Val::Unknown { refs, .. } => Val::Unknown { display, refs },
            other => other,
        }
    }

    /// `${pulumi.stack}`, `${pulumi.project}` and what is known only when deploying.
    fn pulumi_builtins(&self) -> Val {
        let known_or = |v: Option<&str>, name: &str| match v {
            Some(v) => Val::Known(Value::String(v.to_string())),
            None => Val::unknown(format!("${{pulumi.{name}}}"), vec![]),
        };
        Val::map(vec![
            ("stack".into(), known_or(self.stack, "stack")),
            ("project".into(), known_or(self.program.project.as_deref(), "project")),
            ("organization".into(), known_or(None, "organization")),
            ("cwd".into(), known_or(None, "cwd")),
            ("rootDirectory".into(), known_or(None, "rootDirectory")),
        ])
    }

    /// A built-in function call `fn::name: arg`.
    fn call(&mut self, call: &SEntry, file: usize, depth: usize) -> Val {
        let (key, arg) = (call.key.as_str(), &call.value);
        let name = key.get(4..).unwrap_or("");
        let lower = name.to_ascii_lowercase();
        let depth = depth + 1;
        match lower.as_str() {
            "join" => {
                let Some([delimiter, list]) =
                    self.two_args(key, arg, file, "the delimiter and the list of strings to join")
                else {
                    return Val::unknown("${fn::join}", vec![]);
                };
                let (delimiter, list) = (self.eval(delimiter, file, depth), self.eval(list, file, depth));
                match (&delimiter, &list) {
                    (Val::Known(Value::String(d)), Val::Known(Value::Array(items))) => {
                        let strings: Option<Vec<String>> = items.iter().map(scalar_string).collect();
                        match strings {
                            Some(s) => Val::Known(Value::String(s.join(d))),
                            None => self.bad_argument(key, arg, file, "the items to join must be strings"),
                        }
                    }
                    (Val::Known(d), _) if !d.is_string() => {
                        self.bad_argument(key, arg, file, "the delimiter (first item) must be a string")
                    }
                    (_, Val::Known(l)) if !l.is_array() => {
                        self.bad_argument(key, arg, file, "the second item must be a list of strings")
                    }
                    _ => unknown_call("${fn::join}", &[&delimiter, &list]),
                }
            }
            "split" => {
                let Some([delimiter, source]) =
                    self.two_args(key, arg, file, "the delimiter and the string to split")
                else {
                    return Val::unknown("${fn::split}", vec![]);
                };
                let (delimiter, source) = (self.eval(delimiter, file, depth), self.eval(source, file, depth));
                match (&delimiter, &source) {
                    (Val::Known(Value::String(d)), Val::Known(Value::String(s))) => {
                        let parts: Vec<Value> = if d.is_empty() {
                            s.chars().map(|c| Value::String(c.to_string())).collect()
                        } else {
                            s.split(d.as_str()).map(|p| Value::String(p.to_string())).collect()
                        };
                        Val::Known(Value::Array(parts))
                    }
                    (Val::Known(d), _) if !d.is_string() => {
                        self.bad_argument(key, arg, file, "the delimiter (first item) must be a string")
                    }
                    (_, Val::Known(s)) if !s.is_string() => {
                        self.bad_argument(key, arg, file, "the second item must be the string to split")
                    }
                    _ => unknown_call("${fn::split}", &[&delimiter, &source]),
                }
            }
            "select" => {
                let Some([index_node, list]) =
                    self.two_args(key, arg, file, "the index (from 0) and the list to select from")
                else {
                    return Val::unknown("${fn::select}", vec![]);
                };
                let (index_val, list) = (self.eval(index_node, file, depth), self.eval(list, file, depth));
                let index = match &index_val {
                    Val::Known(Value::Number(n)) => match n.as_u64() {
                        Some(i) => usize::try_from(i).ok(),
                        None => {
                            return self.bad_argument(
                                key,
                                arg,
                                file,
                                "the index (first item) must be a whole number from 0",
                            )
                        }
                    },
                    Val::Known(_) => {
                        return self.bad_argument(key, arg, file, "the index (first item) must be a number")
                    }
                    _ => None,
                };
                let length = match &list {
                    Val::Known(Value::Array(items)) => Some(items.len()),
                    Val::List(items) => Some(items.len()),
                    Val::Known(_) | Val::Map(_) => {
                        return self.bad_argument(key, arg, file, "the second item must be a list")
                    }
                    Val::Unknown { .. } => None,
                };
                match (index, length) {
                    (Some(i), Some(n)) if i >= n => self.bad_argument(
                        key,
                        arg,
                        file,
                        &format!(
                            "index {i} is out of range: the list has {n} item{}",
                            if n == 1 { "" } else { "s" }
                        ),
                    ),
                    (Some(i), Some(_)) => match list {
                        Val::Known(Value::Array(mut items)) => Val::Known(items.swap_remove(i)),
                        Val::List(mut items) => items.swap_remove(i),
                        other => other,
                    },
                    _ => unknown_call("${fn::select}", &[&index_val, &list]),
                }
            }
            "tojson" => match self.eval(arg, file, depth) {
                Val::Known(v) => Val::Known(Value::String(sorted(v).to_string())),
                other => unknown_call("${fn::toJSON}", &[&other]),
            },
            "tobase64" => match self.eval(arg, file, depth) {
                Val::Known(Value::String(s)) => {
                    Val::Known(Value::String(base64::engine::general_purpose::STANDARD.encode(s)))
                }
                Val::Known(_) => self.bad_argument(key, arg, file, "it encodes a string"),
                other => unknown_call("${fn::toBase64}", &[&other]),
            },
            "frombase64" => match self.eval(arg, file, depth) {
                Val::Known(Value::String(s)) => {
                    match base64::engine::general_purpose::STANDARD.decode(s.trim()) {
                        Ok(bytes) => match String::from_utf8(bytes) {
                            Ok(text) => Val::Known(Value::String(text)),
                            Err(_) => {
                                self.bad_argument(key, arg, file, "the decoded bytes are not UTF-8 text")
                            }
                        },
                        Err(_) => self.bad_argument(key, arg, file, "the argument is not valid Base64"),
                    }
                }
                Val::Known(_) => self.bad_argument(key, arg, file, "it decodes a Base64 string"),
                other => unknown_call("${fn::fromBase64}", &[&other]),
            },
            // The value is known; being secret changes how it is stored, not what it is.
            "secret" => self.eval(arg, file, depth),
            "readfile" => match self.eval(arg, file, depth) {
                Val::Known(Value::String(path)) => Val::unknown(format!("${{fn::readFile({path})}}"), vec![]),
                Val::Known(_) => {
                    self.bad_argument(key, arg, file, "its argument is the path of the file to read")
                }
                other => unknown_call("${fn::readFile}", &[&other]),
            },
            "invoke" => {
                let function = arg.get("function").and_then(SNode::as_str).map(str::to_string);
                let Some(function) = function else {
                    return self.bad_argument(key, arg, file, "it takes a mapping with `function` (the function's token), `arguments` and optionally `return`");
                };
                let arguments = arg.get("arguments").map(|a| self.eval(a, file, depth));
                let field =
                    arg.get("return").and_then(SNode::as_str).map(|r| format!(".{r}")).unwrap_or_default();
                let refs = arguments.map(|a| a.refs()).unwrap_or_default();
                Val::unknown(format!("${{fn::invoke({function}){field}}}"), refs)
            }
            "fileasset" | "stringasset" | "remoteasset" | "filearchive" | "remotearchive"
            | "assetarchive" => {
                let inner = self.eval(arg, file, depth);
                let shown = match &inner {
                    Val::Known(Value::String(s)) => format!("${{fn::{name}({})}}", one_line(s)),
                    _ => format!("${{fn::{name}}}"),
                };
                Val::unknown(shown, inner.refs())
            }
            // `fn::aws:ec2:getAmi` and other package functions: an invoke.
            _ if name.contains(':') => {
                let inner = self.eval(arg, file, depth);
                Val::unknown(format!("${{fn::{name}}}"), inner.refs())
            }
            _ => {
                self.diagnostics.push(Diagnostic::warning(
                    self.path(file),
                    call.key_range,
                    "pulumi-function",
                    format!("`{key}` is not a Pulumi YAML built-in function (fn::invoke, fn::join, fn::split, fn::select, fn::toJSON, fn::toBase64, fn::fromBase64, fn::secret, fn::readFile, fn::*Asset, fn::*Archive); its value is unknown"),
                ));
                Val::unknown(format!("${{{key}}}"), vec![])
            }
        }
    }

    /// The two items of a function's list argument, or a diagnostic.
    fn two_args<'n>(&mut self, key: &str, arg: &'n SNode, file: usize, what: &str) -> Option<[&'n SNode; 2]> {
        match &arg.value {
            SValue::Seq(items) if items.len() == 2 => Some([&items[0], &items[1]]),
            _ => {
                self.bad_argument(key, arg, file, &format!("it takes a list of two items: {what}"));
                None
            }
        }
    }

    fn bad_argument(&mut self, key: &str, arg: &SNode, file: usize, problem: &str) -> Val {
        self.error(
            file,
            arg.range,
            "pulumi-function",
            format!("bad argument to `{key}`: {problem}; its value is unknown"),
        );
        Val::unknown(format!("${{{key}}}"), vec![])
    }

    /// The range of `${expr}` inside a string node, when it is written as is (else
    /// the whole node).
    fn expr_range(&self, node: &SNode, file: usize, expr: &str) -> TextRange {
        let text = &self.program.files[file].0.text;
        let needle = format!("${{{expr}}}");
        text.get(node.range.as_usize())
            .and_then(|raw| raw.find(&needle))
            .map(|at| {
                let start = node.range.start as usize + at;
                TextRange::from_usize(start, start + needle.len())
            })
            .unwrap_or(node.range)
    }

    fn path(&self, file: usize) -> String {
        self.program.files[file].0.path.clone()
    }

    fn error(&mut self, file: usize, range: TextRange, code: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(self.path(file), range, code, message));
    }
}

/// Evaluated arguments of which some are unknown: the call's result is unknown.
fn unknown_call(display: &str, args: &[&Val]) -> Val {
    let mut refs: Vec<String> = args.iter().flat_map(|a| a.refs()).collect();
    refs.sort();
    refs.dedup();
    Val::unknown(display, refs)
}

/// One step of a property access on a value.
fn index(value: Val, access: &Access) -> Result<Val, String> {
    match (value, access) {
        (u @ Val::Unknown { .. }, _) => Ok(u),
        (Val::Known(Value::Object(mut map)), Access::Key(k)) => {
            map.remove(k).map(Val::Known).ok_or_else(|| format!("there is no property `{k}`"))
        }
        (Val::Map(entries), Access::Key(k)) => entries
            .into_iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("there is no property `{k}`")),
        (Val::Known(Value::Array(mut items)), Access::Index(i)) => {
            let n = items.len();
            if *i < n {
                Ok(Val::Known(items.swap_remove(*i)))
            } else {
                Err(format!("index {i} is out of range: the list has {n} items"))
            }
        }
        (Val::List(mut items), Access::Index(i)) => {
            let n = items.len();
            if *i < n {
                Ok(items.swap_remove(*i))
            } else {
                Err(format!("index {i} is out of range: the list has {n} items"))
            }
        }
        (Val::Known(v), Access::Key(k)) => Err(format!("{} has no property `{k}`", kind_name(&v))),
        (Val::Known(v), Access::Index(i)) => Err(format!("{} cannot be indexed with [{i}]", kind_name(&v))),
        (Val::Map(_), Access::Index(i)) => Err(format!("a mapping cannot be indexed with [{i}]")),
        (Val::List(_), Access::Key(k)) => Err(format!("a list has no property `{k}`")),
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `fn::toJSON` writes object keys in sorted order (Go's encoding/json).
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// A stack setting that is encrypted (`secure: v1:...`).
fn is_secure(node: &SNode) -> bool {
    node.get("secure").is_some()
}

/// Stack settings are strings more often than not (`pulumi config set n 3`): read
/// them as the declared type.
fn coerce(value: Value, r#type: Option<&str>) -> Value {
    let Value::String(s) = &value else { return value };
    match r#type.map(str::to_ascii_lowercase).as_deref() {
        Some("integer" | "int" | "number") => {
            if let Ok(i) = s.trim().parse::<i64>() {
                return Value::Number(i.into());
            }
            s.trim().parse::<f64>().ok().map(crate::snode_values::float).unwrap_or(value)
        }
        Some("boolean" | "bool") => match s.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => value,
        },
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_splits_text_and_expressions() {
        assert_eq!(
            split_interpolation("a-${b.c}-$${d}-${e[\"}\"]}"),
            Ok(vec![
                Part::Text("a-".into()),
                Part::Expr("b.c"),
                Part::Text("-${d}-".into()),
                Part::Expr("e[\"}\"]"),
            ])
        );
        assert_eq!(split_interpolation("cost: $5"), Ok(vec![Part::Text("cost: $5".into())]));
        assert!(split_interpolation("${open").is_err());
    }

    #[test]
    fn property_access_forms() {
        assert_eq!(parse_access("root"), Ok(("root".into(), vec![])));
        assert_eq!(
            parse_access("my-bucket.tags[\"a.b\"][0].x"),
            Ok((
                "my-bucket".into(),
                vec![
                    Access::Key("tags".into()),
                    Access::Key("a.b".into()),
                    Access::Index(0),
                    Access::Key("x".into())
                ]
            ))
        );
        assert_eq!(
            parse_access("[\"index.html\"].id"),
            Ok(("index.html".into(), vec![Access::Key("id".into())]))
        );
        assert!(parse_access("a b").is_err());
        assert!(parse_access("a[x]").is_err());
        assert!(parse_access("a.").is_err());
        assert!(parse_access("").is_err());
    }

    #[test]
    fn config_strings_are_read_as_their_type() {
        assert_eq!(coerce(Value::String("3".into()), Some("integer")), Value::from(3));
        assert_eq!(coerce(Value::String("true".into()), Some("boolean")), Value::Bool(true));
        assert_eq!(coerce(Value::String("x".into()), Some("integer")), Value::String("x".into()));
        assert_eq!(coerce(Value::String("3".into()), None), Value::String("3".into()));
    }
}
