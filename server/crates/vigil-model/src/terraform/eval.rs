//! Evaluation of HCL expressions read from the tree-sitter tree.
//!
//! The evaluator is total: anything it cannot know (resource attributes, data
//! sources, unset variables, unsupported functions) becomes [`Val::Unknown`], and
//! unknowns propagate through every operation. Errors that Terraform itself would
//! report (a wrong type for an operator, a missing map key) are collected as
//! diagnostics and also yield unknown, so they never produce a finding.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use vigil_syntax::tree_sitter::Node;
use vigil_syntax::{node_text, Diagnostic, TextRange};

use super::functions;
use super::value::Val;

/// Recursion bound for expressions, locals chains and templates.
const MAX_DEPTH: u32 = 128;

/// A local value's definition, evaluated on first use.
pub struct LocalDef<'a> {
    pub expr: Node<'a>,
    pub text: &'a str,
    pub file: &'a str,
    pub name_range: TextRange,
}

enum LocalState {
    Evaluating,
    /// The value, the addresses it refers to, and whether it read an input.
    Done(Val, Vec<String>, bool),
}

/// The work a stack's preview has done, against [`Limits::preview_steps`], shared by
/// all its module instances. Past the budget every expression is unknown. Each value
/// within every other budget, a resource with `count = 20` whose every instance builds
/// a 50,000-string set took 7 s (with `count = 10000`, half an hour).
///
/// [`Limits::preview_steps`]: vigil_syntax::Limits::preview_steps
#[derive(Default, Debug)]
pub struct Work {
    used: Cell<usize>,
    /// Whether running out was said.
    reported: Cell<bool>,
}

impl Work {
    /// Steps taken so far.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    fn charge(&self, steps: usize) {
        self.used.set(self.used.get().saturating_add(steps));
    }

    /// Counts `steps` done elsewhere (a preview reused from a cache) if they fit in
    /// `budget`; whether they did.
    pub fn take(&self, steps: usize, budget: usize) -> bool {
        let fits = self.used.get().saturating_add(steps) <= budget;
        if fits {
            self.charge(steps);
        }
        fits
    }
}

/// Everything a module's expressions can refer to.
pub struct ModuleCtx<'a, 'p> {
    pub dir: String,
    pub variables: HashMap<String, Val>,
    pub locals: HashMap<String, LocalDef<'a>>,
    /// Declared managed resources (`type.name`) and data sources (`data.type.name`).
    pub resources: HashSet<String>,
    /// `module.<name>`: the outputs of the module calls read so far.
    pub modules: HashMap<String, Val>,
    /// Variables set by the module call that reads this module, and where.
    pub input_origins: HashMap<String, crate::Origin>,
    /// The module that calls this one, and where each variable it sets is written
    /// there (the argument and the scope it is read in): tracing `var.x` continues
    /// in the caller.
    pub parent: Option<&'p ModuleCtx<'a, 'p>>,
    pub input_exprs: HashMap<String, (String, TextRange, Scope)>,
    /// Every file of the stack, for tracing a value into a caller's literal.
    pub stack_files: Option<&'a HashMap<String, (Node<'a>, &'a str)>>,
    /// The module's files: their tree's root node and text, for tracing values to
    /// where they are written.
    pub files: HashMap<String, (Node<'a>, &'a str)>,
    /// Other files of the workspace the configuration reads with `file()` and the
    /// like, by workspace-relative path; and the root module's directory.
    pub data: Option<&'a HashMap<String, &'a str>>,
    pub root_dir: String,
    local_state: RefCell<HashMap<String, LocalState>>,
    local_stack: RefCell<Vec<String>>,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
    /// Variables whose value is the module's input rather than its code's: a root
    /// module's variables that no `.tfvars` file sets (a reusable module checked as a
    /// root gets its real values from callers), and a module's variables set from
    /// such values. An evaluation error that read one of them depends on inputs
    /// Vigil does not know, so it is a note, not a warning.
    pub inputs: HashSet<String>,
    /// The module is read for a call whose `count`/`for_each` is unknown: its
    /// resources stand for an unknown number of instances, and its errors are
    /// consequences of that (notes, like the body of such a resource).
    pub speculative: bool,
    /// Whether the expression being evaluated read an input (see `inputs`).
    read_input: Cell<bool>,
    /// Whether the error being reported is one Terraform reports whatever the values
    /// (a removed function, a wrong number of arguments, an undeclared name): always
    /// a warning.
    static_error: Cell<bool>,
    /// Addresses referred to by the expression being evaluated.
    refs: RefCell<Vec<String>>,
    depth: RefCell<u32>,
    /// `for` expressions already indexed for tracing, by (file, start byte).
    for_indexes: RefCell<HashMap<SyntaxKey, Option<Rc<ForIndex>>>>,
    /// Literal objects already indexed by key, by (file, start byte).
    object_keys: RefCell<HashMap<SyntaxKey, Rc<HashMap<String, TextRange>>>>,
    /// The budgets of this analysis (`[limits]` in vigil.toml).
    pub limits: vigil_syntax::Limits,
    /// The work done by the stack's preview so far (see [`Work`]).
    pub work: Rc<Work>,
}

/// Names bound inside a resource or an expression: `count.index`, `each.*`, and the
/// variables of `for` expressions and template directives.
#[derive(Default, Clone)]
pub struct Scope {
    pub count_index: Option<Val>,
    pub each: Option<(Val, Val)>,
    /// What the `for_each` (or `count`) expression refers to: `each.value.id` over
    /// `for_each = aws_s3_bucket.logs` refers to `aws_s3_bucket.logs`.
    pub each_refs: Vec<String>,
    pub vars: Vec<(String, Val)>,
    /// Where `each.value` is read from: the `for_each` expression's element.
    pub each_at: Option<Place>,
    /// Where the `value` of a dynamic block's iterator is read from, by iterator name.
    pub vars_at: Vec<(String, Place)>,
    /// Where the element a `for` expression's variable is bound to is read from, by
    /// variable name, while tracing into the `for`'s result.
    pub for_at: Vec<(String, Place)>,
    /// The body of a resource or module whose `count`/`for_each` is unknown: its
    /// errors are consequences of the unknowns, so they are notes, never warnings.
    pub speculative: bool,
}

/// A place in a file: (path, range).
pub type Written = (String, TextRange);

/// A node of a file, as a cache key: (path, start byte).
type SyntaxKey = (String, usize);

/// What a `for` expression keeps of its collection (see `ModuleCtx::for_index`).
#[derive(Default)]
struct ForIndex {
    entries: Vec<(Val, Val)>,
    by_key: HashMap<String, usize>,
}

/// Where a value is read from, followed only when a finding needs it: the
/// expression at `range` of `file`, read in `scope`, and the steps into its value
/// (`for_each = local.sites`, element "docs").
#[derive(Clone)]
pub struct Place {
    file: String,
    range: TextRange,
    scope: Box<Scope>,
    steps: Vec<Step>,
}

/// A step of a traversal: `.name` or `[key]`.
#[derive(Clone)]
enum Step {
    Attr(String),
    Index(Val),
}

impl Scope {
    pub fn with(&self, bindings: &[(String, Val)]) -> Scope {
        let mut s = self.clone();
        s.vars.extend(bindings.iter().cloned());
        s
    }

    fn lookup(&self, name: &str) -> Option<&Val> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

type EvalResult = Result<Val, String>;

impl<'a, 'p> ModuleCtx<'a, 'p> {
    pub fn new(dir: String) -> Self {
        ModuleCtx {
            dir,
            variables: HashMap::new(),
            locals: HashMap::new(),
            resources: HashSet::new(),
            modules: HashMap::new(),
            input_origins: HashMap::new(),
            parent: None,
            input_exprs: HashMap::new(),
            stack_files: None,
            files: HashMap::new(),
            data: None,
            root_dir: String::new(),
            local_state: RefCell::default(),
            local_stack: RefCell::default(),
            diagnostics: RefCell::default(),
            inputs: HashSet::new(),
            speculative: false,
            read_input: Cell::new(false),
            static_error: Cell::new(false),
            refs: RefCell::default(),
            depth: RefCell::new(0),
            for_indexes: RefCell::default(),
            object_keys: RefCell::default(),
            limits: vigil_syntax::Limits::default(),
            work: Rc::default(),
        }
    }

    /// Whether the stack's preview has taken every step of its budget.
    pub fn out_of_steps(&self) -> bool {
        self.work.used() > self.limits.preview_steps
    }

    /// Evaluates a top-level expression (an attribute's value), returning the value
    /// and the resource addresses it refers to. Errors are reported on `file`.
    pub fn eval_top(&self, expr: Node<'_>, text: &str, file: &str, scope: &Scope) -> (Val, Vec<String>) {
        let saved = std::mem::take(&mut *self.refs.borrow_mut());
        // `read_input` then tells about this expression alone.
        self.read_input.set(false);
        self.static_error.set(false);
        let value = match self.eval(expr, text, scope) {
            Ok(v) => v,
            Err(message) => {
                self.report(file, TextRange::from_node(&expr), "terraform-eval", message, scope.speculative);
                Val::Unknown(node_text(&expr, text).to_string())
            }
        };
        if self.out_of_steps() && !self.work.reported.replace(true) {
            self.diagnostics.borrow_mut().push(Diagnostic::error(
                file,
                TextRange::from_node(&expr),
                "preview-budget",
                format!(
                    "the preview of this stack passed {} steps (Vigil's budget for evaluating one \
                     stack's configuration) at this expression: it and every expression evaluated \
                     after it are unknown, so nothing is reported on them ({})",
                    self.limits.preview_steps,
                    vigil_syntax::Limits::hint("preview_steps")
                ),
            ));
        }
        let mut refs = std::mem::replace(&mut *self.refs.borrow_mut(), saved);
        refs.sort();
        refs.dedup();
        (value, refs)
    }

    /// Whether the last [`eval_top`](Self::eval_top) read one of the module's
    /// [`inputs`](Self::inputs).
    pub fn read_input(&self) -> bool {
        self.read_input.get()
    }

    /// Reports an evaluation error: a warning when the code itself is at fault (the
    /// values it read are the code's own), a note when it read an input Vigil does not
    /// know or when it lies in a body whose instances are unknown.
    fn report(&self, file: &str, range: TextRange, code: &str, message: String, speculative: bool) {
        let speculative = speculative || self.speculative;
        let diagnostic = if !self.static_error.get() && (speculative || self.read_input.get()) {
            let why = if speculative {
                "its resource's `count`/`for_each` is not known before plan"
            } else {
                "it depends on input variables this configuration does not set"
            };
            Diagnostic::info(file, range, code, format!("{message} (not reported as a warning: {why})"))
        } else {
            Diagnostic::warning(file, range, code, message)
        };
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    /// Where the literal an expression reads is written, when it is not the
    /// expression itself: `local.sites["docs"].acl`, `each.value.acl` over a literal
    /// map, a dynamic block's `rule.value.port`, a module input the caller wrote as a
    /// literal, through conditionals, `try`, `coalesce`, `lookup` and conversions.
    /// `None` when the value is computed.
    pub fn trace(&self, file: &str, range: TextRange, scope: &Scope) -> Option<Written> {
        let found = self.trace_literal(file, range, scope)?;
        (found != (file.to_string(), range)).then_some(found)
    }

    /// Like [`trace`](Self::trace), but also when the expression is the literal.
    pub fn trace_literal(&self, file: &str, range: TextRange, scope: &Scope) -> Option<Written> {
        // Tracing evaluates conditions and keys again: what that refers to is not the
        // expression's.
        let saved = std::mem::take(&mut *self.refs.borrow_mut());
        let found = self.trace_at(file, range, scope, 0);
        *self.refs.borrow_mut() = saved;
        found
    }

    /// The outermost expression node of exactly that range (not the argument list of
    /// a one-argument call, which has the same range, nor anything above it).
    ///
    /// Found from the root down, in one pass: `Node::parent` searches from the root
    /// at each call, and walking up the nodes of one range took a tenth of a
    /// preview.
    fn node_at(&self, file: &str, range: TextRange) -> Option<(Node<'a>, &'a str)> {
        let (root, text) = self.files.get(file).or_else(|| self.stack_files?.get(file))?;
        Some((Self::find_node(*root, range)?, *text))
    }

    fn find_node(root: Node<'a>, range: TextRange) -> Option<Node<'a>> {
        let (start, end) = (range.start as usize, range.end as usize);
        // The nodes of exactly that range on the way down, outermost first.
        let mut exact: Vec<Node<'a>> = Vec::new();
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            if node.start_byte() == start && node.end_byte() == end {
                exact.push(node);
            }
            // Into the child holding the range, if any.
            if cursor.goto_first_child_for_byte(start).is_none() {
                break;
            }
            loop {
                let child = cursor.node();
                if child.start_byte() <= start && child.end_byte() >= end {
                    break;
                }
                if child.start_byte() > start || !cursor.goto_next_sibling() {
                    cursor.goto_parent();
                    break;
                }
            }
            if cursor.node() == node {
                break;
            }
        }
        // The innermost named one, then up while the next is not an argument list.
        let mut i = exact.iter().rposition(|n| n.is_named())?;
        while i > 0 && exact[i - 1].kind() != "function_arguments" {
            i -= 1;
        }
        Some(exact[i])
    }

    fn trace_at(&self, file: &str, range: TextRange, scope: &Scope, depth: u32) -> Option<Written> {
        if depth > 16 {
            return None;
        }
        let (node, text) = self.node_at(file, range)?;
        if is_literal(node, text) {
            return Some((file.to_string(), range));
        }
        // Forms whose value is one of their operands'.
        if let Some((operand, by_input)) = self.forward(node, text, scope) {
            let found = self.trace_at(file, TextRange::from_node(&operand), scope, depth + 1)?;
            return self.accept_forwarded(found, by_input);
        }
        if let Some((arg, steps)) = self.select(node, text, scope, &[]) {
            return self.walk(file, TextRange::from_node(&arg), &steps, depth + 1, scope);
        }
        self.follow(file, node, text, scope, &[], depth)
    }

    /// Functions whose value (or the element `steps` select in it) is one of their
    /// arguments' (or an element of it): the argument and the steps into it. `try`
    /// and `coalesce` pick an argument, conversions keep it, `lookup(m, k, d)` is
    /// `m[k]` or `d`, `element(l, 1)` is `l[1]`, `merge(a, b)["k"]` is `b["k"]` when
    /// `b` has `k`, `concat(a, b)[3]` is `b[1]` when `a` has 2; `flatten(l)[i]`,
    /// `one(l)`, `values(m)[i]`, `coalescelist(a, b)`, `tolist(l)`.
    fn select<'n>(
        &self,
        node: Node<'n>,
        text: &str,
        scope: &Scope,
        steps: &[Step],
    ) -> Option<(Node<'n>, Vec<Step>)> {
        let call = unwrap_parentheses(node);
        if call.kind() != "function_call" {
            return None;
        }
        let name = node_text(&first_named(call)?, text);
        let (args, _) = call_arguments(call);
        let value = |n: &Node<'_>| self.known(*n, text, scope);
        let with =
            |first: Vec<Step>, skip: usize| first.into_iter().chain(steps[skip..].iter().cloned()).collect();
        let index = |i: usize| Step::Index(Val::Num(i as f64));
        match (name, steps.first()) {
            ("try", _) => Some((*args.iter().find(|a| value(a).is_some())?, steps.to_vec())),
            ("coalesce", _) => {
                let chosen = args.iter().find(|a| {
                    value(a).is_some_and(|v| !matches!(v, Val::Null) && v != Val::Str(String::new()))
                })?;
                Some((*chosen, steps.to_vec()))
            }
            ("tostring" | "tonumber" | "tobool", _) => Some((*args.first()?, steps.to_vec())),
            ("lookup", _) => {
                let (map, key) = (args.first()?, value(args.get(1)?)?);
                match value(map) {
                    Some(Val::Map(m)) if m.contains_key(&key.to_str()?) => {
                        Some((*map, with(vec![Step::Index(key)], 0)))
                    }
                    _ => Some((*args.get(2)?, steps.to_vec())),
                }
            }
            ("element", _) => {
                let Val::List(items) = value(args.first()?)? else { return None };
                let i = value(args.get(1)?)?.to_num()?;
                if items.is_empty() || i < 0.0 {
                    return None;
                }
                Some((args[0], with(vec![index(i as usize % items.len())], 0)))
            }
            ("one", _) => Some((*args.first()?, with(vec![index(0)], 0))),
            // A set's order is not the order it is written in: only the whole value.
            ("tolist", _) if steps.is_empty() => Some((*args.first()?, vec![])),
            ("coalescelist", _) => {
                let chosen = args.iter().find(|a| matches!(value(a), Some(Val::List(l)) if !l.is_empty()))?;
                Some((*chosen, steps.to_vec()))
            }
            ("merge", Some(first)) => {
                let key = match first {
                    Step::Attr(a) => a.clone(),
                    Step::Index(k) => k.to_str()?,
                };
                let chosen = args
                    .iter()
                    .rev()
                    .find(|a| matches!(value(a), Some(Val::Map(m)) if m.contains_key(&key)))?;
                Some((*chosen, steps.to_vec()))
            }
            ("concat", Some(Step::Index(i))) => {
                let mut i = i.to_num()? as usize;
                for arg in &args {
                    let Val::List(items) = value(arg)? else { return None };
                    if i < items.len() {
                        return Some((*arg, with(vec![index(i)], 1)));
                    }
                    i -= items.len();
                }
                None
            }
            ("values", Some(Step::Index(i))) => {
                let Val::Map(map) = value(args.first()?)? else { return None };
                let key = map.keys().nth(i.to_num()? as usize)?.clone();
                Some((args[0], with(vec![Step::Index(Val::Str(key))], 1)))
            }
            ("flatten", Some(Step::Index(i))) => {
                // The path to the i-th leaf of the nested lists.
                fn leaf(v: &Val, wanted: &mut usize, path: &mut Vec<usize>) -> bool {
                    match v {
                        Val::List(items) => items.iter().enumerate().any(|(j, item)| {
                            path.push(j);
                            let found = leaf(item, wanted, path);
                            if !found {
                                path.pop();
                            }
                            found
                        }),
                        _ if *wanted == 0 => true,
                        _ => {
                            *wanted -= 1;
                            false
                        }
                    }
                }
                let mut wanted = i.to_num()? as usize;
                let mut path = Vec::new();
                leaf(&value(args.first()?)?, &mut wanted, &mut path).then_some(())?;
                Some((args[0], with(path.into_iter().map(index).collect(), 1)))
            }
            _ => None,
        }
    }

    /// Where the value a traversal (`local.x.a`, `var.x[0]`, `each.value.b`, an
    /// iterator's or a `for` variable's value) reads, followed by `more` steps, is
    /// written.
    fn follow(
        &self,
        file: &str,
        node: Node<'_>,
        text: &str,
        scope: &Scope,
        more: &[Step],
        depth: u32,
    ) -> Option<Written> {
        let Some((root, mut steps)) = self.traversal(node, text, scope) else {
            // `f(x)[0].y`: the steps into the call's value.
            let (base, steps) = self.postfix_chain(node, text, scope)?;
            if steps.is_empty() || base.kind() == "variable_expr" {
                return None;
            }
            let steps: Vec<Step> = steps.into_iter().chain(more.iter().cloned()).collect();
            return self.walk(file, TextRange::from_node(&base), &steps, depth + 1, scope);
        };
        steps.extend(more.iter().cloned());
        // Where the traversal's root is written, and the scope that place is read in.
        let (f, r, rest, at_scope) = match (root.as_str(), steps.split_first()) {
            ("local", Some((Step::Attr(name), rest))) => {
                let def = self.locals.get(name)?;
                (def.file.to_string(), TextRange::from_node(&def.expr), rest, Scope::default())
            }
            ("var", Some((Step::Attr(name), rest))) => {
                // In the caller, where the argument is read.
                let (f, r, at_scope) = self.input_exprs.get(name)?;
                return self.parent?.walk(f, *r, rest, depth + 1, at_scope);
            }
            ("each", Some((Step::Attr(v), rest))) if v == "value" => {
                return self.walk_place(scope.each_at.as_ref()?, rest, depth);
            }
            (name, Some((Step::Attr(v), rest)))
                if v == "value" && scope.vars_at.iter().any(|(n, _)| n == name) =>
            {
                let place = scope.vars_at.iter().rev().find(|(n, _)| n == name).map(|(_, p)| p)?;
                return self.walk_place(place, rest, depth);
            }
            (name, _) => {
                // A `for` expression's variable (see `walk_for`).
                let place = scope.for_at.iter().rev().find(|(n, _)| n == name).map(|(_, p)| p)?;
                return self.walk_place(place, &steps, depth);
            }
        };
        self.walk(&f, r, rest, depth + 1, &at_scope)
    }

    fn walk_place(&self, place: &Place, rest: &[Step], depth: u32) -> Option<Written> {
        let steps: Vec<Step> = place.steps.iter().chain(rest).cloned().collect();
        self.walk(&place.file, place.range, &steps, depth + 1, &place.scope)
    }

    /// The operand whose value an expression is: the branch a known condition
    /// chooses, what parentheses enclose. The flag says a module input decided the
    /// choice (a condition on `var.*` in a called module). Function calls are
    /// [`select`](Self::select)'s.
    fn forward<'n>(&self, node: Node<'n>, text: &str, scope: &Scope) -> Option<(Node<'n>, bool)> {
        let inner = unwrap_parentheses(node);
        match inner.kind() {
            "conditional" => {
                let parts: Vec<Node<'_>> =
                    named_children(inner).into_iter().filter(|c| c.kind() == "expression").collect();
                let [cond, a, b] = parts.as_slice() else { return None };
                let branch = if self.known(*cond, text, scope)?.to_bool()? { *a } else { *b };
                let by_input = !self.input_origins.is_empty() && node_text(cond, text).contains("var.");
                Some((branch, by_input))
            }
            // Parentheses (a node of the same range is the same expression).
            _ => (inner.byte_range() != node.byte_range()).then_some((inner, false)),
        }
    }

    /// The value of an expression when it evaluates and is wholly known.
    fn known(&self, node: Node<'_>, text: &str, scope: &Scope) -> Option<Val> {
        self.eval(node, text, scope).ok().filter(|v| !v.contains_unknown())
    }

    /// A literal reached through a choice a module input made is not where the fix
    /// belongs when it is the module's own text (`var.on ? "Enabled" : "Suspended"`):
    /// the input is.
    fn accept_forwarded(&self, found: Written, by_input: bool) -> Option<Written> {
        (!by_input || !self.files.contains_key(&found.0)).then_some(found)
    }

    /// Where the element `key` of the collection an expression reads comes from
    /// (`for_each = local.sites` and key "docs": the `docs = {...}` entry), followed
    /// when a finding needs it.
    pub fn element_at(file: &str, range: TextRange, key: &Val, scope: &Scope) -> Place {
        Place {
            file: file.to_string(),
            range,
            scope: Box::new(scope.clone()),
            steps: vec![Step::Index(key.clone())],
        }
    }

    /// Follows `steps` into the literal collection written at (file, range), an
    /// expression read in `scope`.
    fn walk(
        &self,
        file: &str,
        range: TextRange,
        steps: &[Step],
        depth: u32,
        scope: &Scope,
    ) -> Option<Written> {
        if depth > 16 {
            return None;
        }
        let Some((first, rest)) = steps.split_first() else {
            return self.trace_at(file, range, scope, depth);
        };
        let (node, text) = self.node_at(file, range)?;
        if let Some((operand, by_input)) = self.forward(node, text, scope) {
            let found = self.walk(file, TextRange::from_node(&operand), steps, depth + 1, scope)?;
            return self.accept_forwarded(found, by_input);
        }
        if let Some((arg, steps)) = self.select(node, text, scope, steps) {
            return self.walk(file, TextRange::from_node(&arg), &steps, depth + 1, scope);
        }
        if let Some(found) = self.walk_for(node, file, text, steps, depth, scope) {
            return found;
        }
        let Some(collection) = collection_of(node) else {
            // A reference (`local.a = local.b[0]`, `var.x`): follow it with the steps.
            if let Some(found) = self.follow(file, node, text, scope, steps, depth + 1) {
                return Some(found);
            }
            // Something else that stands for a literal elsewhere: find it first.
            let (f, r) = self.trace_at(file, range, scope, depth + 1)?;
            if (f.as_str(), r) == (file, range) {
                return None;
            }
            return self.walk(&f, r, steps, depth + 1, &Scope::default());
        };
        let next = match (collection.kind(), first) {
            ("object", step) => {
                let wanted = match step {
                    Step::Attr(name) => name.clone(),
                    Step::Index(key) => key.to_str()?,
                };
                *self.object_keys(collection, file, text).get(&wanted)?
            }
            ("tuple", Step::Index(i)) => {
                let i = i.to_num()? as usize;
                let item =
                    named_children(collection).into_iter().filter(|c| c.kind() == "expression").nth(i)?;
                TextRange::from_node(&item)
            }
            _ => return None,
        };
        self.walk(file, next, rest, depth + 1, scope)
    }

    /// Steps into a `for` expression: the element `first` selects comes from one
    /// element of the source collection, bound to the `for`'s variable; the rest of
    /// the steps go into the result expression with that variable's place known
    /// (`[for f in var.rules : { ranges = lookup(f, "ranges", null) }][0].ranges`
    /// is where `var.rules[0].ranges` is written). `None` when `node` is not a `for`.
    fn walk_for(
        &self,
        node: Node<'_>,
        file: &str,
        text: &str,
        steps: &[Step],
        depth: u32,
        scope: &Scope,
    ) -> Option<Option<Written>> {
        let mut n = unwrap_parentheses(node);
        while matches!(n.kind(), "collection_value" | "for_expr") {
            n = first_named(n)?;
        }
        if !matches!(n.kind(), "for_tuple_expr" | "for_object_expr") {
            return None;
        }
        let (first, rest) = steps.split_first()?;
        let found = (|| {
            let children = named_children(n);
            if children.iter().any(|c| c.kind() == "ellipsis") {
                return None;
            }
            let intro = children.iter().find(|c| c.kind() == "for_intro")?;
            let intro_children = named_children(*intro);
            let names: Vec<&str> = intro_children
                .iter()
                .filter(|c| c.kind() == "identifier")
                .map(|c| node_text(c, text))
                .collect();
            let source = intro_children.iter().find(|c| c.kind() == "expression")?;
            let exprs: Vec<Node<'_>> =
                children.iter().copied().filter(|c| c.kind() == "expression").collect();
            let cond = children.iter().find(|c| c.kind() == "for_cond").and_then(|c| first_named(*c));
            let is_object = n.kind() == "for_object_expr";
            let index =
                self.for_index(n, file, text, scope, &names, *source, exprs.first().copied(), cond)?;
            let position = match first {
                Step::Attr(key) if is_object => *index.by_key.get(key)?,
                Step::Index(i) if is_object => *index.by_key.get(&i.to_str()?)?,
                Step::Index(i) => i.to_num().filter(|i| *i >= 0.0).map(|i| i as usize)?,
                Step::Attr(_) => return None,
            };
            let (k, v) = index.entries.get(position)?.clone();
            let mut inner = scope.with(&bindings(&names, k.clone(), v));
            let value_name = names.last()?;
            inner.for_at.push((
                value_name.to_string(),
                Self::element_at(file, TextRange::from_node(source), &k, scope),
            ));
            let result = if is_object { exprs.get(1)? } else { exprs.first()? };
            self.walk(file, TextRange::from_node(result), rest, depth + 1, &inner)
        })();
        Some(found)
    }

    /// Where the value of each key of a literal object is written, read once per
    /// object (a map of a thousand entries is walked into once per instance).
    fn object_keys(&self, object: Node<'_>, file: &str, text: &str) -> Rc<HashMap<String, TextRange>> {
        let cache_key = (file.to_string(), object.start_byte());
        if let Some(found) = self.object_keys.borrow().get(&cache_key) {
            return found.clone();
        }
        let mut keys = HashMap::new();
        for elem in named_children(object).into_iter().filter(|c| c.kind() == "object_elem") {
            let (Some(k), Some(v)) = (elem.child_by_field_name("key"), elem.child_by_field_name("val"))
            else {
                continue;
            };
            let raw = node_text(&k, text).trim();
            let key = object_key_name(k, text)
                .map(str::to_string)
                .unwrap_or_else(|| raw.trim_matches('"').to_string());
            // A repeated key: the first is kept, as before.
            keys.entry(key).or_insert_with(|| TextRange::from_node(&v));
        }
        let keys = Rc::new(keys);
        self.object_keys.borrow_mut().insert(cache_key, keys.clone());
        keys
    }

    /// The elements a `for` expression keeps (source key and value, in order) and,
    /// for an object `for`, the position of each result key. Computed once per `for`
    /// read outside any iteration (the usual `for_each = { for k, v in ... }`): a
    /// finding on each of a thousand instances must not read the collection again.
    #[allow(clippy::too_many_arguments)]
    fn for_index(
        &self,
        n: Node<'_>,
        file: &str,
        text: &str,
        scope: &Scope,
        names: &[&str],
        source: Node<'_>,
        key_expr: Option<Node<'_>>,
        cond: Option<Node<'_>>,
    ) -> Option<Rc<ForIndex>> {
        let plain = scope.vars.is_empty() && scope.each.is_none() && scope.count_index.is_none();
        let cache_key = (file.to_string(), n.start_byte());
        if plain {
            if let Some(found) = self.for_indexes.borrow().get(&cache_key) {
                return found.clone();
            }
        }
        let built = (|| {
            let pairs = iteration_pairs(self.eval(source, text, scope).ok()?).ok()??;
            let mut index = ForIndex::default();
            for (k, v) in pairs {
                let inner = scope.with(&bindings(names, k.clone(), v.clone()));
                if let Some(c) = cond {
                    if !self.eval(c, text, &inner).ok()?.to_bool()? {
                        continue;
                    }
                }
                if n.kind() == "for_object_expr" {
                    let key = self.eval(key_expr?, text, &inner).ok()?.to_str()?;
                    index.by_key.insert(key, index.entries.len());
                }
                index.entries.push((k, v));
            }
            Some(Rc::new(index))
        })();
        if plain {
            self.for_indexes.borrow_mut().insert(cache_key, built.clone());
        }
        built
    }

    /// `root.a["b"][0]`: the root name and the steps, with index keys evaluated.
    fn traversal(&self, node: Node<'_>, text: &str, scope: &Scope) -> Option<(String, Vec<Step>)> {
        let (first, steps) = self.postfix_chain(node, text, scope)?;
        (first.kind() == "variable_expr").then(|| (node_text(&first, text).to_string(), steps))
    }

    /// An expression as its first term and the postfix steps after it, with index
    /// keys evaluated: `root.a["b"]`, `f(x)[0].y`.
    fn postfix_chain<'n>(&self, node: Node<'n>, text: &str, scope: &Scope) -> Option<(Node<'n>, Vec<Step>)> {
        let mut node = node;
        while node.kind() == "expression" && named_children(node).len() == 1 {
            let only = named_children(node)[0];
            if only.kind() != "expression" {
                break;
            }
            node = only;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).filter(|c| !c.is_extra()).collect();
        let first = *children.first()?;
        if !first.is_named() {
            return None;
        }
        let mut steps = Vec::new();
        for postfix in &children[1..] {
            match postfix.kind() {
                "get_attr" => {
                    steps.push(Step::Attr(first_named(*postfix).map(|n| node_text(&n, text))?.to_string()))
                }
                "index" => {
                    let inner = first_named(*postfix)?;
                    let key = if inner.kind() == "legacy_index" {
                        Val::Num(node_text(&inner, text).trim_start_matches('.').parse::<f64>().ok()?)
                    } else {
                        self.eval(first_named(inner)?, text, scope).ok()?
                    };
                    if key.is_unknown() {
                        return None;
                    }
                    steps.push(Step::Index(key));
                }
                _ => return None,
            }
        }
        Some((first, steps))
    }

    /// Forgets the values of locals, to read them again (after a module's outputs
    /// became known).
    pub fn reset_locals(&self) {
        self.local_state.borrow_mut().clear();
        self.for_indexes.borrow_mut().clear();
    }

    pub fn eval(&self, node: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        {
            let mut depth = self.depth.borrow_mut();
            if *depth > MAX_DEPTH || self.out_of_steps() {
                return Ok(Val::Unknown(node_text(&node, text).to_string()));
            }
            *depth += 1;
        }
        let result = self.eval_inner(node, text, scope);
        *self.depth.borrow_mut() -= 1;
        self.work.charge(result.as_ref().map_or(1, Val::top_weight));
        result
    }

    fn eval_inner(&self, node: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        match node.kind() {
            "expression" => {
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
                self.eval_terms(&children, node, text, scope)
            }
            "literal_value" => {
                let child = first_named(node).ok_or("empty literal")?;
                self.eval(child, text, scope)
            }
            "numeric_lit" => {
                let t = node_text(&node, text);
                let n = if let Some(hex) = t.strip_prefix("0x") {
                    i64::from_str_radix(hex, 16).map(|n| n as f64).map_err(|e| e.to_string())?
                } else {
                    t.parse::<f64>().map_err(|e| e.to_string())?
                };
                Ok(Val::Num(n))
            }
            "bool_lit" => Ok(Val::Bool(node_text(&node, text) == "true")),
            "null_lit" => Ok(Val::Null),
            "string_lit" | "quoted_template" => self.template(node, text, scope, false),
            "heredoc_template" => self.template(node, text, scope, true),
            "template_expr" | "collection_value" | "for_expr" | "operation" => {
                let child = first_named(node).ok_or("empty expression")?;
                self.eval(child, text, scope)
            }
            "tuple" => {
                let mut items = Vec::new();
                for child in named_children(node).into_iter().filter(|c| c.kind() == "expression") {
                    items.push(self.eval(child, text, scope)?);
                }
                Ok(Val::List(items))
            }
            "object" => {
                let mut map = BTreeMap::new();
                for elem in named_children(node).into_iter().filter(|c| c.kind() == "object_elem") {
                    let (Some(k), Some(v)) =
                        (elem.child_by_field_name("key"), elem.child_by_field_name("val"))
                    else {
                        continue;
                    };
                    let key = match object_key_name(k, text) {
                        Some(name) => Val::Str(name.to_string()),
                        None => self.eval(k, text, scope)?,
                    };
                    let value = self.eval(v, text, scope)?;
                    match key {
                        Val::Unknown(_) => return Ok(Val::Unknown(node_text(&node, text).to_string())),
                        other => {
                            let key = other.to_str().ok_or_else(|| {
                                format!("object key must be a string, not {}", other.type_name())
                            })?;
                            map.insert(key, value);
                        }
                    }
                }
                Ok(Val::Map(map))
            }
            "conditional" => {
                let parts: Vec<Node<'_>> =
                    named_children(node).into_iter().filter(|c| c.kind() == "expression").collect();
                let [cond, a, b] = parts.as_slice() else { return Err("malformed conditional".into()) };
                match self.eval(*cond, text, scope)? {
                    c if c.contains_unknown() => {
                        // Either branch may be chosen (their references are kept); the
                        // result is known only when both give the same known value.
                        let (x, y) = (self.eval(*a, text, scope), self.eval(*b, text, scope));
                        match (x, y) {
                            (Ok(x), Ok(y)) if !x.contains_unknown() && x == y => Ok(x),
                            _ => Ok(Val::Unknown(node_text(&node, text).to_string())),
                        }
                    }
                    c => match c.to_bool() {
                        Some(true) => self.eval(*a, text, scope),
                        Some(false) => self.eval(*b, text, scope),
                        None => Err(format!("the condition must be a bool, not {}", c.type_name())),
                    },
                }
            }
            "unary_operation" => {
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
                let op = children.first().map(|c| node_text(c, text)).unwrap_or("");
                let operand = self.eval_terms(&children[1..], node, text, scope)?;
                match (op, operand) {
                    (_, Val::Unknown(_)) => Ok(Val::Unknown(node_text(&node, text).to_string())),
                    ("-", v) => v
                        .to_num()
                        .map(|n| Val::Num(-n))
                        .ok_or_else(|| format!("cannot negate a {}", v.type_name())),
                    ("!", v) => v
                        .to_bool()
                        .map(|b| Val::Bool(!b))
                        .ok_or_else(|| format!("cannot apply ! to a {}", v.type_name())),
                    (op, _) => Err(format!("unknown operator {op}")),
                }
            }
            "binary_operation" => self.binary(node, text, scope),
            "function_call" => self.call(node, text, scope),
            "for_tuple_expr" | "for_object_expr" => self.for_expr(node, text, scope),
            "variable_expr" => {
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
                self.eval_terms(&children, node, text, scope)
            }
            other => Err(format!("unsupported expression `{other}`")),
        }
    }

    /// Evaluates a primary term followed by postfix operators (`.attr`, `[i]`, splats).
    fn eval_terms(&self, children: &[Node<'_>], whole: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        let children: Vec<Node<'_>> = children.iter().copied().filter(|c| !c.is_extra()).collect();
        let mut i;
        // Parenthesised expression.
        let mut value = match children.first().map(|c| c.kind()) {
            Some("(") => {
                let inner = children.get(1).ok_or("empty parentheses")?;
                i = 3;
                self.eval(*inner, text, scope)?
            }
            Some("variable_expr") => {
                let first = children[0];
                let name = node_text(&first, text);
                i = 1;
                // References consume the postfix operators they need.
                let (value, consumed) = self.reference(name, &children[1..], text, scope, whole)?;
                i += consumed;
                value
            }
            Some("identifier") => {
                // `variable_expr` content when called on the variable_expr itself.
                let name = node_text(&children[0], text);
                i = 1;
                let (value, consumed) = self.reference(name, &children[1..], text, scope, whole)?;
                i += consumed;
                value
            }
            Some(_) => {
                i = 1;
                self.eval(children[0], text, scope)?
            }
            None => return Err("empty expression".into()),
        };
        while i < children.len() {
            let postfix = children[i];
            value = self.postfix(value, postfix, text, scope)?;
            i += 1;
        }
        Ok(value)
    }

    fn postfix(&self, value: Val, postfix: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        match postfix.kind() {
            "get_attr" => {
                let name = first_named(postfix).map(|n| node_text(&n, text)).unwrap_or("");
                get_attr(value, name)
            }
            "index" => {
                let inner = first_named(postfix).ok_or("empty index")?;
                let key = if inner.kind() == "legacy_index" {
                    Val::Num(
                        node_text(&inner, text)
                            .trim_start_matches('.')
                            .parse::<f64>()
                            .map_err(|e| e.to_string())?,
                    )
                } else {
                    let expr = first_named(inner).ok_or("empty index")?;
                    self.eval(expr, text, scope)?
                };
                index(value, &key)
            }
            "splat" => {
                let inner = first_named(postfix).ok_or("empty splat")?;
                let items = match value {
                    Val::Unknown(t) => return Ok(Val::Unknown(t)),
                    Val::List(items) => items,
                    Val::Null => vec![],
                    other => vec![other],
                };
                let ops = named_children(inner);
                let mut out = Vec::new();
                for mut item in items {
                    for op in &ops {
                        item = self.postfix(item, *op, text, scope)?;
                    }
                    out.push(item);
                }
                Ok(Val::List(out))
            }
            "(" | ")" => Ok(value),
            other => Err(format!("unsupported operator `{other}`")),
        }
    }

    /// Resolves a root name (`var`, `local`, a resource type, ...). Returns the value
    /// and how many postfix operators it consumed.
    fn reference(
        &self,
        name: &str,
        rest: &[Node<'_>],
        text: &str,
        scope: &Scope,
        whole: Node<'_>,
    ) -> Result<(Val, usize), String> {
        let found = self.reference_inner(name, rest, text, scope, whole);
        if let Ok((value, _)) = &found {
            // A copy of a value made before: as much work as the value is large.
            self.work.charge(value.weight());
        }
        found
    }

    fn reference_inner(
        &self,
        name: &str,
        rest: &[Node<'_>],
        text: &str,
        scope: &Scope,
        whole: Node<'_>,
    ) -> Result<(Val, usize), String> {
        if let Some(v) = scope.lookup(name) {
            return Ok((v.clone(), 0));
        }
        let attr = |i: usize| -> Option<&str> {
            rest.get(i)
                .filter(|n| n.kind() == "get_attr")
                .and_then(|n| first_named(*n))
                .map(|n| node_text(&n, text))
        };
        let whole_text = || node_text(&whole, text).to_string();
        match name {
            "var" => {
                let var = attr(0).ok_or("`var` must be followed by a variable name")?;
                if self.inputs.contains(var) {
                    self.read_input.set(true);
                }
                match self.variables.get(var) {
                    Some(v) => Ok((v.clone(), 1)),
                    None => {
                        self.static_error.set(true);
                        Err(format!("reference to undeclared input variable `{var}`"))
                    }
                }
            }
            "local" => {
                let local = attr(0).ok_or("`local` must be followed by a name")?;
                Ok((self.local(local)?, 1))
            }
            "count" => match (attr(0), &scope.count_index) {
                (Some("index"), Some(i)) => Ok((i.clone(), 1)),
                _ => Err("`count.index` is only available in a resource with `count`".into()),
            },
            "each" => {
                self.refs.borrow_mut().extend(scope.each_refs.iter().cloned());
                match (attr(0), &scope.each) {
                    (Some("key"), Some((k, _))) => Ok((k.clone(), 1)),
                    (Some("value"), Some((_, v))) => Ok((v.clone(), 1)),
                    _ => Err("`each` is only available in a resource with `for_each`".into()),
                }
            }
            "path" => match attr(0) {
                Some("module") => {
                    Ok((Val::Str(if self.dir.is_empty() { ".".into() } else { self.dir.clone() }), 1))
                }
                Some("root") | Some("cwd") => Ok((Val::Str(".".into()), 1)),
                _ => Err("unknown `path` attribute".into()),
            },
            "terraform" => match attr(0) {
                Some("workspace") => Ok((Val::Str("default".into()), 1)),
                _ => Ok((Val::Unknown(whole_text()), rest.len())),
            },
            "data" => {
                if let (Some(t), Some(n)) = (attr(0), attr(1)) {
                    self.refs.borrow_mut().push(format!("data.{t}.{n}"));
                }
                Ok((Val::Unknown(whole_text()), rest.len()))
            }
            "module" => {
                let Some(m) = attr(0) else {
                    return Err("`module` must be followed by a module name".into());
                };
                self.refs.borrow_mut().push(format!("module.{m}"));
                match self.modules.get(m) {
                    // The outputs; the operators after the name select from them.
                    Some(v) => Ok((v.clone(), 1)),
                    None => Ok((Val::Unknown(whole_text()), rest.len())),
                }
            }
            "self" => Ok((Val::Unknown(whole_text()), rest.len())),
            resource_type => {
                if let Some(n) = attr(0) {
                    let address = format!("{resource_type}.{n}");
                    if self.resources.contains(&address) {
                        self.refs.borrow_mut().push(address);
                    }
                    // Known only after apply.
                    return Ok((Val::Unknown(whole_text()), rest.len()));
                }
                Err(format!("unknown name `{resource_type}`"))
            }
        }
    }

    fn local(&self, name: &str) -> EvalResult {
        match self.local_state.borrow().get(name) {
            Some(LocalState::Done(v, refs, read_input)) => {
                self.refs.borrow_mut().extend(refs.iter().cloned());
                if *read_input {
                    self.read_input.set(true);
                }
                return Ok(v.clone());
            }
            Some(LocalState::Evaluating) => {
                let stack = self.local_stack.borrow();
                let start = stack.iter().position(|n| n == name).unwrap_or(0);
                let mut chain: Vec<String> = stack[start..].iter().map(|n| format!("local.{n}")).collect();
                chain.push(format!("local.{name}"));
                return Err(format!("cycle: {}", chain.join(" → ")));
            }
            None => {}
        }
        let def = self.locals.get(name).ok_or_else(|| {
            self.static_error.set(true);
            format!("reference to undeclared local value `{name}`")
        })?;
        self.local_state.borrow_mut().insert(name.to_string(), LocalState::Evaluating);
        self.local_stack.borrow_mut().push(name.to_string());
        let saved = std::mem::take(&mut *self.refs.borrow_mut());
        let saved_input = self.read_input.replace(false);
        let saved_static = self.static_error.replace(false);
        let result = self.eval(def.expr, def.text, &Scope::default());
        let refs = std::mem::replace(&mut *self.refs.borrow_mut(), saved);
        self.local_stack.borrow_mut().pop();
        let value = match result {
            Ok(v) => v,
            Err(message) => {
                let code = if message.starts_with("cycle") { "cycle" } else { "terraform-eval" };
                let already =
                    self.diagnostics.borrow().iter().any(|d| d.message == message && d.code == "cycle");
                if !already {
                    self.report(def.file, def.name_range, code, format!("local.{name}: {message}"), false);
                }
                // The error is reported here; where the local is read, its value is unknown.
                self.static_error.set(false);
                Val::Unknown(format!("local.{name}"))
            }
        };
        let read_input = self.read_input.get();
        self.read_input.set(saved_input || read_input);
        self.static_error.set(saved_static || self.static_error.get());
        self.refs.borrow_mut().extend(refs.iter().cloned());
        self.local_state
            .borrow_mut()
            .insert(name.to_string(), LocalState::Done(value.clone(), refs, read_input));
        Ok(value)
    }

    fn binary(&self, node: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        let mut depth = 0i32;
        let mut split = None;
        for (i, c) in children.iter().enumerate() {
            match c.kind() {
                "(" => depth += 1,
                ")" => depth -= 1,
                k if depth == 0 && i > 0 && !c.is_named() && OPERATORS.contains(&k) => {
                    split = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let split = split.ok_or("malformed binary operation")?;
        let op = children[split].kind();
        let left = self.eval_terms(&children[..split], node, text, scope)?;
        let right = self.eval_terms(&children[split + 1..], node, text, scope)?;
        if left.is_unknown() || right.is_unknown() {
            // As Terraform: `false && x` and `x && false` are false, `true || x` and
            // `x || true` are true, whatever the unknown `x` turns out to be.
            let decided = match op {
                "&&" => [&left, &right].into_iter().any(|v| v.to_bool() == Some(false)).then_some(false),
                "||" => [&left, &right].into_iter().any(|v| v.to_bool() == Some(true)).then_some(true),
                _ => None,
            };
            return Ok(decided.map_or_else(|| Val::Unknown(node_text(&node, text).to_string()), Val::Bool));
        }
        let num = |v: &Val| v.to_num().ok_or_else(|| format!("`{op}` needs numbers, got {}", v.type_name()));
        let boolean =
            |v: &Val| v.to_bool().ok_or_else(|| format!("`{op}` needs bools, got {}", v.type_name()));
        Ok(match op {
            "+" => Val::Num(num(&left)? + num(&right)?),
            "-" => Val::Num(num(&left)? - num(&right)?),
            "*" => Val::Num(num(&left)? * num(&right)?),
            "/" => {
                let r = num(&right)?;
                if r == 0.0 {
                    return Err("division by zero".into());
                }
                Val::Num(num(&left)? / r)
            }
            "%" => {
                let r = num(&right)?;
                if r == 0.0 {
                    return Err("modulo by zero".into());
                }
                Val::Num(num(&left)? % r)
            }
            ">" => Val::Bool(num(&left)? > num(&right)?),
            ">=" => Val::Bool(num(&left)? >= num(&right)?),
            "<" => Val::Bool(num(&left)? < num(&right)?),
            "<=" => Val::Bool(num(&left)? <= num(&right)?),
            "==" => Val::Bool(functions::equal(&left, &right)),
            "!=" => Val::Bool(!functions::equal(&left, &right)),
            "&&" => Val::Bool(boolean(&left)? && boolean(&right)?),
            "||" => Val::Bool(boolean(&left)? || boolean(&right)?),
            other => return Err(format!("unknown operator {other}")),
        })
    }

    fn call(&self, node: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        let name_node = first_named(node).ok_or("function call without a name")?;
        let name = node_text(&name_node, text);
        let (arg_nodes, expand_last) = call_arguments(node);
        // try() and can() evaluate their arguments themselves: errors are values there.
        match name {
            "try" => {
                // Errors try() absorbs are not this expression's.
                let saved = self.static_error.get();
                for arg in &arg_nodes {
                    let result = self.eval(*arg, text, scope);
                    if result.is_ok() {
                        self.static_error.set(saved);
                    }
                    match result {
                        Ok(Val::Unknown(_)) => return Ok(Val::Unknown(node_text(&node, text).to_string())),
                        Ok(v) if !v.contains_unknown() => return Ok(v),
                        Ok(_) => return Ok(Val::Unknown(node_text(&node, text).to_string())),
                        Err(_) => continue,
                    }
                }
                return Err("try(): no argument could be evaluated".into());
            }
            "can" => {
                let arg = arg_nodes.first().ok_or("can() needs one argument")?;
                let saved = self.static_error.get();
                let _restore = Restore(&self.static_error, saved);
                return Ok(match self.eval(*arg, text, scope) {
                    Ok(v) if v.contains_unknown() => Val::Unknown(node_text(&node, text).to_string()),
                    Ok(_) => Val::Bool(true),
                    Err(_) => Val::Bool(false),
                });
            }
            _ => {}
        }
        let count = (!expand_last).then_some(arg_nodes.len());
        if let Some(e) = functions::static_error(name, count) {
            self.static_error.set(true);
            return Err(format!("{name}(): {e}"));
        }
        let mut args = Vec::with_capacity(arg_nodes.len());
        for arg in &arg_nodes {
            args.push(self.eval(*arg, text, scope)?);
        }
        if expand_last {
            match args.pop() {
                Some(Val::List(items)) => args.extend(items),
                Some(Val::Unknown(t)) => return Ok(Val::Unknown(t)),
                Some(other) => return Err(format!("`...` needs a list, got {}", other.type_name())),
                None => {}
            }
        }
        if name == "templatefile" {
            return self.templatefile(node, text, args);
        }
        // `file("${path.module}/x")` names a workspace path; a plain relative path is
        // relative to the root module's directory, as Terraform runs there.
        let read = |path: &str| self.read_data(path).map(str::to_string);
        match functions::call_with_files(name, args, &read, &self.limits) {
            functions::Outcome::Value(v) => Ok(v),
            functions::Outcome::Unknown => Ok(Val::Unknown(node_text(&node, text).to_string())),
            functions::Outcome::Error(e) => Err(format!("{name}(): {e}")),
        }
    }

    /// The text of a workspace file named as `file()` names it.
    fn read_data(&self, path: &str) -> Option<&'a str> {
        let path = path.trim_start_matches("./");
        if path.starts_with('/') {
            return None;
        }
        let from_root = super::join_source(&self.root_dir, &format!("./{path}"));
        let data = self.data?;
        data.get(path).or_else(|| from_root.and_then(|p| data.get(&p))).copied()
    }

    /// `templatefile(path, vars)`: the file's text read as a template, with only
    /// `vars` in scope. Unknown when the file is not in the workspace.
    fn templatefile(&self, node: Node<'_>, text: &str, args: Vec<Val>) -> EvalResult {
        let unknown = || Ok(Val::Unknown(node_text(&node, text).to_string()));
        let [path, vars] = args.as_slice() else {
            return Err(format!("templatefile(): needs 2 arguments, got {}", args.len()));
        };
        let (Val::Str(path), Val::Map(vars)) = (path, vars) else {
            if path.contains_unknown() || vars.contains_unknown() {
                return unknown();
            }
            return Err("templatefile(): needs a path and a map of variables".into());
        };
        let Some(template) = self.read_data(path) else { return unknown() };
        if crate::binary_content(template).is_some() {
            return Err(format!("templatefile(): the contents of \"{path}\" are not valid UTF-8"));
        }
        // The template as a heredoc, so that the template grammar reads it.
        let delimiter = "VIGIL_TEMPLATEFILE_END";
        if template.contains(delimiter) {
            return unknown();
        }
        let newline = if template.ends_with('\n') { "" } else { "\n" };
        let source = format!("t = <<{delimiter}\n{template}{newline}{delimiter}\n");
        let Some(tree) = vigil_syntax::hcl::parse(&source).tree else { return unknown() };
        let root = tree.root_node();
        let expr = root.named_descendant_for_byte_range(4, source.len() - 1).and_then(|n| {
            let mut n = n;
            while n.kind() != "heredoc_template" {
                n = n.parent()?;
            }
            Some(n)
        });
        let Some(expr) = expr else { return unknown() };
        let scope =
            Scope { vars: vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect(), ..Scope::default() };
        let value = self.template(expr, &source, &scope, true)?;
        // A template without a final newline does not gain one.
        Ok(match (value, newline.is_empty()) {
            (Val::Str(s), false) => Val::Str(s.strip_suffix('\n').unwrap_or(&s).to_string()),
            (v, _) => v,
        })
    }

    fn for_expr(&self, node: Node<'_>, text: &str, scope: &Scope) -> EvalResult {
        let children = named_children(node);
        let intro = children.iter().find(|c| c.kind() == "for_intro").ok_or("malformed for expression")?;
        let intro_children = named_children(*intro);
        let idents: Vec<&str> =
            intro_children.iter().filter(|c| c.kind() == "identifier").map(|c| node_text(c, text)).collect();
        let collection_node =
            intro_children.iter().find(|c| c.kind() == "expression").ok_or("for without collection")?;
        let collection = self.eval(*collection_node, text, scope)?;
        let exprs: Vec<Node<'_>> = children.iter().copied().filter(|c| c.kind() == "expression").collect();
        let cond = children.iter().find(|c| c.kind() == "for_cond").and_then(|c| first_named(*c));
        let grouping = children.iter().any(|c| c.kind() == "ellipsis");
        let Some(pairs) = iteration_pairs(collection)? else {
            return Ok(Val::Unknown(node_text(&node, text).to_string()));
        };
        let is_object = node.kind() == "for_object_expr";
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        for (k, v) in pairs {
            let inner = scope.with(&bindings(&idents, k, v));
            if let Some(cond) = cond {
                match self.eval(cond, text, &inner)? {
                    Val::Unknown(_) => return Ok(Val::Unknown(node_text(&node, text).to_string())),
                    c => {
                        if !c.to_bool().ok_or("for condition must be a bool")? {
                            continue;
                        }
                    }
                }
            }
            if is_object {
                let (Some(kn), Some(vn)) = (exprs.first(), exprs.get(1)) else {
                    return Err("malformed for expression".into());
                };
                let key = self.eval(*kn, text, &inner)?;
                let value = self.eval(*vn, text, &inner)?;
                let key = match key {
                    Val::Unknown(_) => return Ok(Val::Unknown(node_text(&node, text).to_string())),
                    k => k.to_str().ok_or("for object keys must be strings")?,
                };
                if grouping {
                    if let Val::List(items) = map.entry(key).or_insert_with(|| Val::List(vec![])) {
                        items.push(value);
                    }
                } else if map.insert(key.clone(), value).is_some() {
                    return Err(format!("duplicate key `{key}` in for expression (use `...` to group)"));
                }
            } else {
                let vn = exprs.first().ok_or("malformed for expression")?;
                list.push(self.eval(*vn, text, &inner)?);
            }
        }
        Ok(if is_object { Val::Map(map) } else { Val::List(list) })
    }

    /// Evaluates a quoted or heredoc template.
    fn template(&self, node: Node<'_>, text: &str, scope: &Scope, heredoc: bool) -> EvalResult {
        let children = named_children(node);
        let active: Vec<Node<'_>> = children
            .iter()
            .copied()
            .filter(|c| matches!(c.kind(), "template_interpolation" | "template_directive"))
            .collect();
        // The literal text lies between the delimiters: after `"` or the opening
        // marker, up to `"` or the closing marker. Tree-sitter's literal nodes leave
        // out whitespace, so literals are read from the gaps between active parts.
        let (start, end) = if heredoc {
            let idents: Vec<Node<'_>> =
                children.iter().copied().filter(|c| c.kind() == "heredoc_identifier").collect();
            match idents.as_slice() {
                [open, .., close] => (open.end_byte(), close.start_byte()),
                _ => return Ok(Val::Unknown(node_text(&node, text).to_string())),
            }
        } else {
            let open = children
                .iter()
                .find(|c| c.kind() == "quoted_template_start")
                .map_or(node.start_byte() + 1, |c| c.end_byte());
            let close = children
                .iter()
                .find(|c| c.kind() == "quoted_template_end")
                .map_or(node.end_byte(), |c| c.start_byte());
            (open, close.max(open))
        };
        // "${x}" alone yields x itself, not its string form.
        if !heredoc && active.len() == 1 && active[0].kind() == "template_interpolation" {
            let only = active[0];
            if only.start_byte() == start && only.end_byte() == end {
                if let Some(expr) = named_children(only).into_iter().find(|c| c.kind() == "expression") {
                    return self.eval(expr, text, scope);
                }
            }
        }
        let mut out = String::new();
        let mut unknown = false;
        self.render(&active, start, end, text, scope, heredoc, &mut out, &mut unknown)?;
        if unknown {
            return Ok(Val::Unknown(node_text(&node, text).to_string()));
        }
        if heredoc {
            let raw_open = children.iter().find(|c| c.kind() == "heredoc_start").map(|c| node_text(c, text));
            return Ok(Val::Str(heredoc_body(&out, raw_open == Some("<<-"))));
        }
        Ok(Val::Str(out))
    }

    /// Renders the template text from `start` to `end` whose interpolations and
    /// directives are `active` (in order).
    #[allow(clippy::too_many_arguments)]
    fn render(
        &self,
        active: &[Node<'_>],
        start: usize,
        end: usize,
        text: &str,
        scope: &Scope,
        heredoc: bool,
        out: &mut String,
        unknown: &mut bool,
    ) -> Result<(), String> {
        let literal = |from: usize, to: usize, strip: bool, out: &mut String| {
            let raw = text.get(from..to.max(from)).unwrap_or("");
            let lit = if heredoc { raw.replace("$${", "${").replace("%%{", "%{") } else { unescape_hcl(raw) };
            out.push_str(if strip { lit.trim_start() } else { &lit });
        };
        let mut pos = start;
        let mut strip_next = false;
        for part in active.iter().filter(|p| p.start_byte() >= start && p.end_byte() <= end) {
            literal(pos, part.start_byte(), strip_next, out);
            pos = part.end_byte();
            let children = {
                let mut c = part.walk();
                part.children(&mut c).collect::<Vec<_>>()
            };
            strip_next = children.len() > 2 && children[children.len() - 2].kind() == "strip_marker";
            if children.get(1).is_some_and(|c| c.kind() == "strip_marker") {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
            }
            match part.kind() {
                "template_interpolation" => {
                    if let Some(expr) = children.iter().find(|c| c.kind() == "expression") {
                        match self.eval(*expr, text, scope)? {
                            v if v.contains_unknown() => *unknown = true,
                            v => out.push_str(&v.to_str().ok_or_else(|| {
                                format!("cannot interpolate a {} into a string", v.type_name())
                            })?),
                        }
                    }
                }
                _ => {
                    if let Some(directive) = first_named(*part) {
                        self.directive(directive, text, scope, heredoc, out, unknown)?;
                    }
                }
            }
        }
        literal(pos, end, strip_next, out);
        Ok(())
    }

    fn directive(
        &self,
        directive: Node<'_>,
        text: &str,
        scope: &Scope,
        heredoc: bool,
        out: &mut String,
        unknown: &mut bool,
    ) -> Result<(), String> {
        let children = named_children(directive);
        let active: Vec<Node<'_>> = children
            .iter()
            .copied()
            .filter(|c| matches!(c.kind(), "template_interpolation" | "template_directive"))
            .collect();
        let find = |kind: &str| children.iter().copied().find(|c| c.kind() == kind);
        match directive.kind() {
            "template_if" => {
                let intro = find("template_if_intro").ok_or("malformed %{if}")?;
                let end = find("template_if_end").ok_or("malformed %{if}")?;
                let else_intro = find("template_else_intro");
                let cond_node = named_children(intro)
                    .into_iter()
                    .find(|c| c.kind() == "expression")
                    .ok_or("malformed %{if}")?;
                match self.eval(cond_node, text, scope)? {
                    Val::Unknown(_) => *unknown = true,
                    c => {
                        let (from, to) =
                            match (c.to_bool().ok_or("%{if} condition must be a bool")?, else_intro) {
                                (true, Some(e)) => (intro.end_byte(), e.start_byte()),
                                (true, None) => (intro.end_byte(), end.start_byte()),
                                (false, Some(e)) => (e.end_byte(), end.start_byte()),
                                (false, None) => return Ok(()),
                            };
                        self.render(&active, from, to, text, scope, heredoc, out, unknown)?;
                    }
                }
            }
            "template_for" => {
                let start = find("template_for_start").ok_or("malformed %{for}")?;
                let end = find("template_for_end").ok_or("malformed %{for}")?;
                let start_children = named_children(start);
                let idents: Vec<&str> = start_children
                    .iter()
                    .filter(|c| c.kind() == "identifier")
                    .map(|c| node_text(c, text))
                    .collect();
                let coll =
                    start_children.iter().find(|c| c.kind() == "expression").ok_or("malformed %{for}")?;
                let Some(pairs) = iteration_pairs(self.eval(*coll, text, scope)?)? else {
                    *unknown = true;
                    return Ok(());
                };
                for (k, v) in pairs {
                    let inner = scope.with(&bindings(&idents, k, v));
                    self.render(
                        &active,
                        start.end_byte(),
                        end.start_byte(),
                        text,
                        &inner,
                        heredoc,
                        out,
                        unknown,
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Sets a flag back to a value when dropped.
struct Restore<'c>(&'c Cell<bool>, bool);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

/// The (key, value) pairs a `for` iterates over: index and element of a list, key
/// and value of a map. `None` when the collection is unknown.
fn iteration_pairs(collection: Val) -> Result<Option<Vec<(Val, Val)>>, String> {
    Ok(Some(match collection {
        Val::Unknown(_) => return Ok(None),
        Val::List(items) => items.into_iter().enumerate().map(|(i, v)| (Val::Num(i as f64), v)).collect(),
        Val::Map(map) => map.into_iter().map(|(k, v)| (Val::Str(k), v)).collect(),
        Val::Null => return Err("cannot iterate over null".into()),
        other => return Err(format!("cannot iterate over a {}", other.type_name())),
    }))
}

/// `for v in ...` binds the value; `for k, v in ...` the key (or index) too.
fn bindings(idents: &[&str], key: Val, value: Val) -> Vec<(String, Val)> {
    match idents {
        [value_name] => vec![(value_name.to_string(), value)],
        [key_name, value_name, ..] => vec![(key_name.to_string(), key), (value_name.to_string(), value)],
        [] => vec![],
    }
}

const OPERATORS: &[&str] = &["*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"];

pub fn first_named(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|c| !c.is_extra());
    found
}

/// The named children of a node, comments left out (comments are the grammar's only
/// named extras: `is_extra` tells them without reading the kind's name, which costs a
/// `strlen` and a UTF-8 check per call).
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| !c.is_extra()).collect()
}

/// An object key written as a bare identifier (`{ name = 1 }`) is a literal string.
fn object_key_name<'t>(key: Node<'_>, text: &'t str) -> Option<&'t str> {
    let children = named_children(key);
    match children.as_slice() {
        [only] if only.kind() == "variable_expr" && named_children(*only).len() == 1 => {
            Some(node_text(only, text))
        }
        _ => None,
    }
}

fn get_attr(value: Val, name: &str) -> EvalResult {
    match value {
        Val::Unknown(t) => Ok(Val::Unknown(format!("{t}.{name}"))),
        Val::Map(mut map) => map.remove(name).ok_or_else(|| format!("this object has no attribute `{name}`")),
        Val::Null => Err(format!("cannot read `{name}` of null")),
        other => Err(format!("cannot read `{name}` of a {}", other.type_name())),
    }
}

fn index(value: Val, key: &Val) -> EvalResult {
    match (value, key) {
        (Val::Unknown(t), _) => Ok(Val::Unknown(t)),
        (_, Val::Unknown(t)) => Ok(Val::Unknown(t.clone())),
        (Val::List(items), k) => {
            let i = k.to_num().ok_or("list index must be a number")?;
            if i < 0.0 || i.fract() != 0.0 {
                return Err(format!("invalid list index {i}"));
            }
            let len = items.len();
            items
                .into_iter()
                .nth(i as usize)
                .ok_or_else(|| format!("index {i} out of range for a list of {len}"))
        }
        (Val::Map(mut map), k) => {
            let k = k.to_str().ok_or("map key must be a string")?;
            map.remove(&k).ok_or_else(|| format!("this map has no key `{k}`"))
        }
        (other, _) => Err(format!("cannot index a {}", other.type_name())),
    }
}

/// Decodes the escapes of a quoted template literal (`$${` and `%%{` are literal).
fn unescape_hcl(raw: &str) -> String {
    vigil_syntax::unescape(raw).replace("$${", "${").replace("%%{", "%{")
}

/// The body of a heredoc: the lines between the markers, each ending with a newline;
/// `<<-` removes the indentation common to all lines.
fn heredoc_body(raw: &str, indented: bool) -> String {
    let body = raw.strip_prefix("\r\n").or_else(|| raw.strip_prefix('\n')).unwrap_or(raw);
    // Drop the closing marker's indentation (the text after the last newline).
    let body = match body.rfind('\n') {
        Some(i) => &body[..=i],
        None => "",
    };
    let body = body.replace("\r\n", "\n");
    if !indented {
        return body;
    }
    let indent = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.lines().map(|l| format!("{}\n", l.get(indent..).unwrap_or("").trim_end_matches('\r'))).collect()
}

/// A literal: a number, bool, null, a string without interpolation, or a list or
/// object made only of literals.
pub fn is_literal(node: Node<'_>, text: &str) -> bool {
    match node.kind() {
        "numeric_lit" | "bool_lit" | "null_lit" => true,
        "string_lit" => !node_text(&node, text).contains("${") && !node_text(&node, text).contains("%{"),
        "expression" | "literal_value" | "collection_value" => {
            let kids = named_children(node);
            !kids.is_empty() && kids.iter().all(|k| is_literal(*k, text))
        }
        "tuple" => {
            named_children(node).into_iter().filter(|c| c.kind() == "expression").all(|e| is_literal(e, text))
        }
        "object" => named_children(node)
            .into_iter()
            .filter(|c| c.kind() == "object_elem")
            .all(|e| e.child_by_field_name("val").is_some_and(|v| is_literal(v, text))),
        "template_literal" => true,
        _ => false,
    }
}

/// A function call's argument expressions, and whether the last is expanded (`...`).
fn call_arguments(call: Node<'_>) -> (Vec<Node<'_>>, bool) {
    let Some(list) = named_children(call).into_iter().find(|c| c.kind() == "function_arguments") else {
        return (vec![], false);
    };
    let children = named_children(list);
    let expand_last = children.iter().any(|c| c.kind() == "ellipsis");
    (children.into_iter().filter(|c| c.kind() == "expression").collect(), expand_last)
}

/// The expression inside any parentheses and single-child wrappers:
/// `(a ? b : c)` → the conditional.
fn unwrap_parentheses(node: Node<'_>) -> Node<'_> {
    let mut n = node;
    loop {
        let mut cursor = n.walk();
        let children: Vec<Node<'_>> = n.children(&mut cursor).filter(|c| !c.is_extra()).collect();
        n = match children.as_slice() {
            [only] if only.is_named() && matches!(n.kind(), "expression" | "operation") => *only,
            [open, inner, close] if open.kind() == "(" && close.kind() == ")" => *inner,
            _ => return n,
        };
    }
}

/// The `object` or `tuple` node of an expression written as a literal collection.
pub fn collection_of(node: Node<'_>) -> Option<Node<'_>> {
    let mut n = node;
    loop {
        match n.kind() {
            "object" | "tuple" => return Some(n),
            "expression" | "collection_value" => n = *named_children(n).first()?,
            _ => return None,
        }
    }
}
