//! Rules computed once per stack instead of once per resource.
//!
//! A policy is evaluated once for each resource it selects, and regorus keeps a rule's
//! value for one evaluation only. A rule that reads the stack (`data.vigil.stack`) but
//! not the resource, such as "the names of the buckets that other buckets deliver
//! their logs to", is then rebuilt for every resource: a join of n resources with n
//! resources, quadratic in the stack's size. Such a rule has one value per stack.
//!
//! [`Memos::plan`] finds these rules in the policy modules: rules (not functions)
//! whose definitions, and everything they reach through rules and functions of the
//! loaded modules, read neither `input` nor anything that is not known (`with`,
//! dynamic `data[...]`, non-deterministic built-ins), and that do read the stack. Each
//! module is parsed with regorus's parser for its rules' extents; references inside
//! a rule are read lexically, conservatively: a name that might be a rule is taken as
//! one, and anything that cannot be resolved makes the rule ineligible.
//!
//! [`Memos::text`] rewrites such a rule `r` of package `p` (offsets kept, so error
//! locations stay right): its definitions are renamed to a name of the same length
//! (`r'`), and `r` becomes the value Vigil passes in the input when there is one:
//!
//! ```rego
//! r := m.v if { m := input["vigil.memo"]["p.r"] }
//! r := r' if not input["vigil.memo"]["p.r"]
//! ```
//!
//! The evaluator computes `r'` once per stack (on the VM, with the stack as the only
//! input) and passes `{"v": value}` (or `{}` when `r'` is undefined) under that key.
//! Where it did not (a policy's test, a rule the VM could not compute), `r` is `r'`, as
//! before. Modules in Rego v0 are left as they are.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use regorus::unstable::{Parser, Rule, RuleHead};

use crate::PolicySource;

/// The input key under which the values of memoized rules are passed.
pub(crate) const MEMO_INPUT_KEY: &str = "vigil.memo";

/// One rule computed once per stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MemoRule {
    pub(crate) package: String,
    pub(crate) name: String,
    /// The name its definitions get, of the same length.
    pub(crate) renamed: String,
}

impl MemoRule {
    /// The key of its value in `input["vigil.memo"]`.
    pub(crate) fn key(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }

    /// The rule that computes its value.
    pub(crate) fn entry(&self) -> String {
        format!("data.{}.{}", self.package, self.renamed)
    }
}

/// The memoized rules of each module, by path.
#[derive(Debug, Default, Clone)]
pub(crate) struct Memos {
    by_path: HashMap<String, Vec<MemoRule>>,
}

/// One definition (a rule or a function, with its bodies and `else`s) of a module.
struct Definition {
    name: String,
    function: bool,
    /// A head such as `a.b := 1` (a rule inside a nested document).
    nested_head: bool,
    /// Where the head's name is in the module's text.
    name_at: usize,
    range: std::ops::Range<usize>,
}

/// What a module's parse found.
struct ParsedModule<'s> {
    source: &'s PolicySource,
    package: String,
    v1: bool,
    /// Import aliases: the alias and the path it stands for (`data.x.y`, `input.z`).
    imports: Vec<(String, String)>,
    definitions: Vec<Definition>,
    /// The text with comments and strings blanked (same offsets).
    code: String,
}

/// What a definition refers to.
#[derive(Default)]
struct Reads {
    /// Reads the input, or something Vigil cannot follow.
    opaque: bool,
    stack: bool,
    /// Rules and functions it uses: (package, name).
    uses: BTreeSet<(String, String)>,
}

/// Built-ins whose value is not a function of their arguments.
const NON_DETERMINISTIC: &[&str] = &[
    "http.send",
    "net.lookup_ip_addr",
    "opa.runtime",
    "print",
    "rand.intn",
    "time.now_ns",
    "trace",
    "uuid.rfc4122",
    "uuid.parse",
];

impl Memos {
    /// The memoized rules of `modules` (the modules one engine is made of; tests
    /// left out): see the module documentation.
    pub(crate) fn plan<'s>(modules: impl IntoIterator<Item = &'s PolicySource>) -> Memos {
        let parsed: Vec<ParsedModule<'s>> =
            modules.into_iter().filter(|m| !m.is_test()).filter_map(parse).collect();
        let packages: BTreeSet<&str> = parsed.iter().map(|m| m.package.as_str()).collect();
        // The rules and functions of each package, over all its modules: a body may
        // use, by bare name, one defined in another file of its package.
        let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for m in &parsed {
            names
                .entry(m.package.as_str())
                .or_default()
                .extend(m.definitions.iter().map(|d| d.name.as_str()));
        }
        // Every definition's reads, then a fixpoint over the uses.
        let mut reads: BTreeMap<(String, String), Reads> = BTreeMap::new();
        for module in &parsed {
            for d in &module.definitions {
                let own = names.get(module.package.as_str()).cloned().unwrap_or_default();
                let found = definition_reads(module, d, &packages, &own);
                let entry = reads.entry((module.package.clone(), d.name.clone())).or_default();
                entry.opaque |= found.opaque;
                entry.stack |= found.stack;
                entry.uses.extend(found.uses);
            }
        }
        loop {
            let mut changed = false;
            let keys: Vec<(String, String)> = reads.keys().cloned().collect();
            for key in keys {
                let Some(r) = reads.get(&key) else { continue };
                if r.opaque {
                    continue;
                }
                let (mut opaque, mut stack) = (false, r.stack);
                for used in &r.uses {
                    match reads.get(used) {
                        // A name that no loaded module defines cannot be followed.
                        None => opaque = true,
                        Some(u) => {
                            opaque |= u.opaque;
                            stack |= u.stack;
                        }
                    }
                }
                if let Some(r) = reads.get_mut(&key) {
                    if opaque != r.opaque || stack != r.stack {
                        r.opaque |= opaque;
                        r.stack |= stack;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut by_path = HashMap::new();
        for module in parsed.iter().filter(|m| m.v1 && is_policy(&m.code)) {
            let mut rules: Vec<MemoRule> = Vec::new();
            let names: BTreeSet<&str> = module.definitions.iter().map(|d| d.name.as_str()).collect();
            for name in names {
                let defs: Vec<&Definition> = module.definitions.iter().filter(|d| d.name == name).collect();
                let eligible = !matches!(name, "deny" | "warn")
                    && name.len() >= 2
                    && defs.iter().all(|d| !d.function && !d.nested_head)
                    && reads
                        .get(&(module.package.clone(), name.to_string()))
                        .is_some_and(|r| !r.opaque && r.stack);
                if !eligible {
                    continue;
                }
                // Fresh in every module of the package.
                let codes: Vec<&str> =
                    parsed.iter().filter(|m| m.package == module.package).map(|m| m.code.as_str()).collect();
                if let Some(renamed) = fresh_name(&codes, name) {
                    rules.push(MemoRule { package: module.package.clone(), name: name.to_string(), renamed });
                }
            }
            if !rules.is_empty() {
                by_path.insert(module.source.path.clone(), rules);
            }
        }
        Memos { by_path }
    }

    /// The memoized rules of one module.
    pub(crate) fn rules_of(&self, path: &str) -> &[MemoRule] {
        self.by_path.get(path).map(Vec::as_slice).unwrap_or_default()
    }

    /// These memos and `other`'s (for modules these have none).
    pub(crate) fn merged(&self, other: &Memos) -> Memos {
        let mut by_path = self.by_path.clone();
        for (path, rules) in &other.by_path {
            by_path.entry(path.clone()).or_insert_with(|| rules.clone());
        }
        Memos { by_path }
    }

    /// Only the memos of the modules whose path passes `keep`.
    pub(crate) fn only(self, keep: impl Fn(&str) -> bool) -> Memos {
        Memos { by_path: self.by_path.into_iter().filter(|(path, _)| keep(path)).collect() }
    }

    /// The module's text as the engine gets it (see the module documentation);
    /// `None` when it has no memoized rule.
    pub(crate) fn text(&self, source: &PolicySource) -> Option<String> {
        let rules = self.by_path.get(&source.path)?;
        let module = parse(source)?;
        let mut bytes = source.text.clone().into_bytes();
        for rule in rules {
            for d in module.definitions.iter().filter(|d| d.name == rule.name) {
                let at = d.name_at..d.name_at + rule.name.len();
                // The names are ASCII identifiers of the same length.
                bytes.get_mut(at)?.copy_from_slice(rule.renamed.as_bytes());
            }
        }
        let mut text = String::from_utf8(bytes).ok()?;
        text.push_str("\n\n# Added by Vigil: computed once per stack (vigil-policy memo.rs).\n");
        for rule in rules {
            let key = rule.key();
            text.push_str(&format!(
                "{name} := __vigil_memo.v if {{\n\t__vigil_memo := input[\"{MEMO_INPUT_KEY}\"][\"{key}\"]\n}}\n\n\
                 {name} := {renamed} if not input[\"{MEMO_INPUT_KEY}\"][\"{key}\"]\n\n",
                name = rule.name,
                renamed = rule.renamed,
            ));
        }
        Some(text)
    }
}

/// Whether a module defines `deny` or `warn` (a policy; libraries are not memoized:
/// a library rule would be computed for every stack, used or not).
fn is_policy(code: &str) -> bool {
    static RESULT: OnceLock<Regex> = OnceLock::new();
    let re = RESULT.get_or_init(|| Regex::new(r"(?m)^(deny|warn)[^A-Za-z0-9_]").expect("valid regex"));
    re.is_match(code)
}

/// The module's package, imports and definitions; `None` when regorus does not
/// parse it (in Rego v1, else v0).
fn parse(source: &PolicySource) -> Option<ParsedModule<'_>> {
    // regorus's parser takes time exponential in the nesting of collections (it
    // tries each `[` as a comprehension, then again as an array): a module nested
    // past the engine's budget is refused before any regorus parse, here too.
    if crate::engine::nesting_depth(&source.text) > crate::engine::MAX_NESTING {
        return None;
    }
    let parsed = regorus::Source::from_contents(source.path.clone(), source.text.clone()).ok()?;
    let attempt = |v1: bool| {
        crate::engine::guarded(|| {
            let mut parser = Parser::new(&parsed).ok()?;
            if v1 {
                parser.enable_rego_v1().ok()?;
            }
            parser.parse().ok()
        })
        .ok()
        .flatten()
    };
    let (module, v1) = match attempt(true) {
        Some(m) => (m, true),
        None => (attempt(false)?, false),
    };
    let text = source.text.as_str();
    let slice = |start: u32, end: u32| text.get(start as usize..end as usize);
    let code = crate::engine::code_only(text);
    let package_span = module.package.refr.span();
    let package = slice(package_span.start, package_span.end)?.split_whitespace().collect::<String>();
    let package = package.strip_prefix("data.").unwrap_or(&package).to_string();
    let mut imports = Vec::new();
    for import in &module.imports {
        let span = import.refr.span();
        let path: String = slice(span.start, span.end)?.split_whitespace().collect();
        let alias = match &import.r#as {
            Some(alias) => slice(alias.start, alias.end)?.to_string(),
            None => path.rsplit('.').next().unwrap_or_default().to_string(),
        };
        imports.push((alias, path));
    }
    let mut definitions = Vec::new();
    for rule in &module.policy {
        let span = rule.span();
        let (start, end) = (span.start as usize, span.end as usize);
        let function = match rule.as_ref() {
            Rule::Spec { head: RuleHead::Func { .. }, .. } => true,
            Rule::Default { args, .. } => !args.is_empty(),
            Rule::Spec { .. } => false,
        };
        let head = code.get(start..end)?;
        let skipped = head
            .strip_prefix("default")
            .map_or(0, |rest| "default".len() + rest.len() - rest.trim_start().len());
        let name: String =
            head[skipped..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            return None;
        }
        let after = head[skipped + name.len()..].trim_start();
        definitions.push(Definition {
            nested_head: after.starts_with('.'),
            name,
            function,
            name_at: start + skipped,
            range: start..end,
        });
    }
    Some(ParsedModule { source, package, v1, imports, definitions, code })
}

/// What one definition reads (see [`Reads`]), from its text.
fn definition_reads(
    module: &ParsedModule<'_>,
    d: &Definition,
    packages: &BTreeSet<&str>,
    own: &BTreeSet<&str>,
) -> Reads {
    static CHAIN: OnceLock<Regex> = OnceLock::new();
    let chain = CHAIN.get_or_init(|| {
        Regex::new(r"(^|[^A-Za-z0-9_.\]\)])([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)")
            .expect("valid regex")
    });
    let mut reads = Reads::default();
    let Some(body) = module.code.get(d.range.clone()) else {
        reads.opaque = true;
        return reads;
    };
    for caps in chain.captures_iter(body) {
        let Some(found) = caps.get(2) else { continue };
        let path: String = found.as_str().split_whitespace().collect();
        let mut segments = path.split('.');
        let first = segments.next().unwrap_or_default();
        if first == "with" || first == "input" || NON_DETERMINISTIC.contains(&path.as_str()) {
            reads.opaque = true;
            continue;
        }
        // An import alias stands for its path.
        let resolved = match module.imports.iter().find(|(alias, _)| alias == first) {
            Some((_, target)) => {
                let rest: Vec<&str> = segments.collect();
                if rest.is_empty() {
                    target.clone()
                } else {
                    format!("{target}.{}", rest.join("."))
                }
            }
            None if first == "data" => path.clone(),
            None => {
                if own.contains(first) {
                    reads.uses.insert((module.package.clone(), first.to_string()));
                }
                continue;
            }
        };
        if resolved.starts_with("input") || resolved.starts_with("future.") || resolved.starts_with("rego.") {
            reads.opaque |= resolved.starts_with("input");
            continue;
        }
        let Some(data_path) = resolved.strip_prefix("data.") else {
            reads.opaque = true;
            continue;
        };
        if data_path == "vigil.stack" || data_path.starts_with("vigil.stack.") {
            reads.stack = true;
            continue;
        }
        // The longest loaded package the path is in; the next name is the rule.
        let package = packages
            .iter()
            .filter(|p| data_path.strip_prefix(**p).is_some_and(|rest| rest.starts_with('.')))
            .max_by_key(|p| p.len());
        match package.and_then(|p| Some((p, data_path[p.len() + 1..].split('.').next()?))) {
            Some((p, name)) => {
                reads.uses.insert((p.to_string(), name.to_string()));
            }
            // A whole package, `data[x]`, or a document no module defines.
            None => reads.opaque = true,
        }
    }
    reads
}

/// A name of the same length as `name` that none of `codes` (the modules of its
/// package) uses anywhere: its last character replaced by a digit.
fn fresh_name(codes: &[&str], name: &str) -> Option<String> {
    let stem = &name[..name.len() - 1];
    (0..10)
        .map(|digit| format!("{stem}{digit}"))
        .find(|candidate| !codes.iter().any(|code| used(code, candidate)))
}

/// Whether `code` has the identifier `name`.
fn used(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, text: &str) -> PolicySource {
        PolicySource { path: path.to_string(), text: text.to_string(), pack: "t".to_string() }
    }

    const LIB: &str =
        "package t.lib\n\nimport rego.v1\n\nstack_resources(t) := data.vigil.stack.by_type[t]\n\n\
                       here := input.resource.address\n\nconst := 3\n";

    fn policy(body: &str) -> String {
        format!(
            "package t.p\n\nimport data.t.lib\nimport rego.v1\n\n{body}\n\ndeny contains \"x\" if input.a\n"
        )
    }

    fn memoized(body: &str) -> Vec<String> {
        let modules = [source("lib.rego", LIB), source("p.rego", &policy(body))];
        let memos = Memos::plan(&modules);
        memos.rules_of("p.rego").iter().map(|r| r.name.clone()).collect()
    }

    #[test]
    fn rules_that_read_only_the_stack_are_memoized() {
        assert_eq!(
            memoized("names contains n if {\n\tsome r in lib.stack_resources(\"b\")\n\tn := r.name\n}"),
            ["names"]
        );
        assert_eq!(memoized("all := data.vigil.stack.resources"), ["all"]);
        // Through another rule and a function of the module.
        assert_eq!(
            memoized("f(t) := lib.stack_resources(t)\n\nbs := f(\"b\")\n\nnames contains n if {\n\tsome r in bs\n\tn := r.name\n}"),
            ["bs", "names"]
        );
    }

    #[test]
    fn rules_that_read_the_input_or_what_cannot_be_followed_are_not() {
        for body in [
            // The input, directly, through a library rule, an import of input.
            "names contains n if {\n\tsome r in lib.stack_resources(\"b\")\n\tn := r.name\n\tn != input.x\n}",
            "names contains n if {\n\tsome r in lib.stack_resources(\"b\")\n\tn := r.name\n\tn != lib.here\n}",
            // A function the loaded modules do not define, `with`, a whole package.
            "n := count(lib.stack_resources(\"b\")) + lib.missing(1)",
            "n := count(lib.stack_resources(\"b\")) if { true with input as {} }",
            "n := count(lib.stack_resources(\"b\")) + count(data.t.lib)",
            // Non-deterministic built-ins; reads no stack at all (nothing to gain).
            "n := count(lib.stack_resources(\"b\")) + rand.intn(\"x\", 3)",
            "n := lib.const + 1",
            // A function, and the results themselves.
            "f(x) := count(lib.stack_resources(x))",
        ] {
            assert_eq!(memoized(body), Vec::<String>::new(), "{body}");
        }
        // An input read in a rule the memoized one uses, defined later in the module.
        assert_eq!(
            memoized("a := count(b)\n\nb := [x | some x in data.vigil.stack.resources; x != input.y]"),
            Vec::<String>::new()
        );
    }

    /// A body may use a rule of its package defined in another file: that rule's
    /// reads count (an input read there keeps the rule from being memoized).
    #[test]
    fn rules_of_the_package_in_other_files_are_followed() {
        let helper =
            source("helper.rego", "package t.p\n\nimport rego.v1\n\nmine := input.resource.address\n");
        let text = policy(
            "names contains n if {\n\tsome r in lib.stack_resources(\"b\")\n\tn := r.name\n\tn != mine\n}",
        );
        let modules = [source("lib.rego", LIB), source("p.rego", &text), helper];
        assert_eq!(Memos::plan(&modules).rules_of("p.rego"), &[] as &[MemoRule]);
    }

    #[test]
    fn the_rewrite_keeps_offsets_and_names_a_fresh_rule() {
        let text = policy(
            "names contains n if {\n\tsome r in lib.stack_resources(\"b\")\n\tn := r.name\n}\n\nname0 := 1",
        );
        let modules = [source("lib.rego", LIB), source("p.rego", &text)];
        let memos = Memos::plan(&modules);
        let rule = &memos.rules_of("p.rego")[0];
        assert_eq!(rule.renamed, "name1", "name0 is taken");
        let rewritten = memos.text(&modules[1]).unwrap();
        assert_eq!(&rewritten[..text.len()], text.replacen("names contains", "name1 contains", 1));
        assert!(
            rewritten.contains("names := name1 if not input[\"vigil.memo\"][\"t.p.names\"]"),
            "{rewritten}"
        );
        // What regorus makes of it: the memo when given, the rule's own value else.
        let mut engine = regorus::Engine::new();
        engine.add_policy("lib.rego".into(), LIB.into()).unwrap();
        engine.add_policy("p.rego".into(), rewritten).unwrap();
        // data.vigil.stack is read from the input as Vigil's stack module does.
        engine
            .add_policy("s.rego".into(), "package vigil\nstack := input[\"vigil.stack\"]\n".into())
            .unwrap();
        let stack =
            regorus::Value::from_json_str(r#"{"by_type": {"b": [{"name": "x"}, {"name": "y"}]}}"#).unwrap();
        let mut input = regorus::Value::new_object();
        input.as_object_mut().unwrap().insert("vigil.stack".into(), stack);
        engine.set_input(input.clone());
        let own = engine.eval_rule("data.t.p.names".into()).unwrap();
        assert_eq!(serde_json::to_value(&own).unwrap(), serde_json::json!(["x", "y"]));
        let memo = regorus::Value::from_json_str(r#"{"t.p.names": {"v": ["z"]}}"#).unwrap();
        input.as_object_mut().unwrap().insert("vigil.memo".into(), memo);
        engine.set_input(input.clone());
        let memo = engine.eval_rule("data.t.p.names".into()).unwrap();
        assert_eq!(serde_json::to_value(&memo).unwrap(), serde_json::json!(["z"]));
        let undefined = regorus::Value::from_json_str(r#"{"t.p.names": {}}"#).unwrap();
        input.as_object_mut().unwrap().insert("vigil.memo".into(), undefined);
        engine.set_input(input);
        assert_eq!(engine.eval_rule("data.t.p.names".into()).unwrap(), regorus::Value::Undefined);
    }

    /// The built-in packs' joins of the stack with itself are computed once per stack.
    #[test]
    fn the_builtin_access_logging_join_is_memoized() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../policies"));
        let read = |path: &str| source(path, &std::fs::read_to_string(dir.join(path)).unwrap());
        let modules = [
            read("aws/s3_access_logging/policy.rego"),
            read("lib/vigil.rego"),
            read("lib/aws.rego"),
            read("aws/s3_public_acl/policy.rego"),
        ];
        let memos = Memos::plan(&modules);
        let names = |path: &str| memos.rules_of(path).iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        let logging = names("aws/s3_access_logging/policy.rego");
        for name in
            ["_inline_log_targets", "_logging", "_logging_names", "_logging_undetermined", "_trail_buckets"]
        {
            assert!(logging.contains(&name.to_string()), "{name} in {logging:?}");
        }
        // What reads the bucket itself is evaluated for each bucket.
        for name in ["_bucket_name", "_has_logging_resource", "_log_destination", "deny"] {
            assert!(!logging.contains(&name.to_string()), "{name} in {logging:?}");
        }
        assert_eq!(names("aws/s3_public_acl/policy.rego"), Vec::<String>::new());
        let text = &modules[0].text;
        let rewritten = memos.text(&modules[0]).unwrap();
        // Renamed in place: every line keeps its length, so positions stay right.
        let lengths = |t: &str| t.lines().map(str::len).collect::<Vec<_>>();
        assert_eq!(lengths(&rewritten[..text.len()]), lengths(text));
        assert_eq!(rewritten.matches("_inline_log_target0 contains").count(), 3, "every definition renamed");
    }
}
