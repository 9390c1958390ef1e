//! The Rego formatter behind `textDocument/formatting`: the layout `opa fmt` gives a
//! policy, computed from our tree-sitter tree so that the editor formats what regorus
//! and OPA would read, without an `opa` binary.
//!
//! Formatting never changes meaning. It only moves whitespace, newlines, `;` (which
//! becomes a newline in a multi-line body) and trailing commas (written in multi-line
//! collections only); it never rewrites syntax (a v0 policy stays v0: no `if` or
//! `contains` is added, no brace is removed). Every output is parsed again and
//! compared with the input, token for token and comment for comment, before it is
//! returned: a layout bug shows up as an error, never as a changed policy.
//!
//! The layout, as `opa fmt` writes it:
//! - tabs for indentation; the package, a blank line, the imports, a blank line, then
//!   the rules, each separated from the next by one blank line, except one-line rules
//!   the user wrote on consecutive lines (`a := 1` above `b := 2`, in a v1 policy);
//! - imports grouped as written (a blank line or a comment line between two imports
//!   starts a new group) and sorted by path within a group, as OPA compares paths
//!   (`data.vigil.lib` before `rego.v1`); duplicates are kept;
//! - a body in braces is one literal per line (a `;` on one line becomes a line
//!   break), with the blank lines the user left between literals kept (one at most);
//!   `if <literal>` without braces stays on the rule's line; `every` and
//!   comprehensions stay on one line when written on one, and are one literal per
//!   line otherwise;
//! - an array, set, object or argument list stays on one line when its elements are,
//!   and otherwise keeps the user's lines: each line of elements is a line of its
//!   own, indented, with a trailing comma, and the brackets on lines of their own;
//! - single spaces around operators, `:=`, `=`, `in`, `with`/`as`, after commas,
//!   semicolons and object colons; none inside brackets and parentheses;
//! - comments stay where they are written: after the token they follow on the same
//!   line, or on a line of their own before the token they precede. Trailing
//!   whitespace is dropped from them, except in a METADATA block, whose lines are
//!   YAML and are kept byte for byte;
//! - strings, raw strings, template strings and numbers are written as they are.
//!
//! Depth: the tree is walked recursively, but never on a depth the input controls
//! without a bracket. Chains that nest without brackets (`a + b + c ...`, `- - x`,
//! `f(x).g(y).h(z) ...`) are walked with an explicit stack, so the recursion follows
//! bracket nesting, which the parser caps at 100 levels ([`vigil_syntax::too_deep`]).
//! A guard refuses anything deeper than [`MAX_DEPTH`] all the same.

use vigil_syntax::{node_text, TextRange};

use crate::{tree_sitter, Node, Tree};

/// Why a file was not formatted, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
    pub range: TextRange,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

/// Formats a policy file. A file with a syntax error is refused with its first
/// error: formatting half a file would move text the parser did not understand.
pub fn format(text: &str) -> Result<String, FormatError> {
    let parsed = crate::parse(text, None);
    if let Some(error) = parsed.errors.first() {
        return Err(FormatError { message: error.message.clone(), range: error.range });
    }
    let Some(tree) = parsed.tree else {
        return Err(FormatError {
            message: "the file could not be parsed".into(),
            range: TextRange::empty(0),
        });
    };
    let mut printer = Printer::new(text, &tree);
    printer.source_file(tree.root_node())?;
    let mut out = printer.finish();
    // A byte order mark is the file's, not a token: it stays.
    if text.starts_with('\u{feff}') && !out.is_empty() {
        out.insert(0, '\u{feff}');
    }
    verify(text, &tree, &out)?;
    Ok(out)
}

/// How deep the printer recurses (through expressions) before it gives up. Brackets
/// nest at most 100 levels and each costs at most two levels of expressions (`f(`:
/// the call, its arguments), so no file the parser reads comes close; the guard is
/// there so that a missed chain is an error, not a stack overflow.
const MAX_DEPTH: usize = 512;

/// A line break the layout asks for before the next token. Ordered: a stronger
/// break wins when two are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    /// A line break, and a blank line if the user left one there (between literals,
    /// between a comment and the rule below it).
    KeepBlank,
    Blank,
}

struct Printer<'t> {
    text: &'t str,
    out: String,
    indent: usize,
    /// Every comment of the file, in order; `next_comment` is the first not written.
    comments: Vec<Node<'t>>,
    next_comment: usize,
    /// Per comment: it is a line of a METADATA block, kept byte for byte.
    metadata: Vec<bool>,
    /// Where the last token or comment written ends in the source: the gap from
    /// there to the next one tells whether a comment trails a line and whether the
    /// user left a blank line.
    last_end: usize,
    pending: Break,
    space: bool,
    /// The output's last line holds nothing but its indentation.
    line_start: bool,
    /// The last token written opens a bracket (or a comprehension's body): no blank
    /// line follows it.
    after_open: bool,
    /// A comment forced a line break where the layout had none: the lines that
    /// follow, up to the layout's next break, are indented one more level.
    continuation: bool,
    /// Comments written out of the token order (sorted imports) are not flushed.
    hold_comments: bool,
    /// The next own-line comment gets no blank line above it (the end of a block).
    suppress_blank: bool,
    depth: usize,
}

impl<'t> Printer<'t> {
    fn new(text: &'t str, tree: &'t Tree) -> Self {
        let comments = collect_comments(tree.root_node());
        let metadata = metadata_lines(&comments, text);
        Printer {
            text,
            out: String::with_capacity(text.len() + text.len() / 8),
            indent: 0,
            comments,
            next_comment: 0,
            metadata,
            last_end: 0,
            pending: Break::KeepBlank,
            space: false,
            line_start: true,
            after_open: false,
            continuation: false,
            hold_comments: false,
            suppress_blank: false,
            depth: 0,
        }
    }

    fn finish(mut self) -> String {
        self.brk(Break::Blank);
        self.comments_before(usize::MAX);
        let end = self.out.trim_end_matches(['\n', ' ', '\t']).len();
        self.out.truncate(end);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    // -----------------------------------------------------------------------------
    // Writing

    fn brk(&mut self, b: Break) {
        self.pending = self.pending.max(b);
        self.continuation = false;
    }

    fn space(&mut self) {
        self.space = true;
    }

    /// Writes a token of the source as it is, after the comments before it.
    fn token(&mut self, node: Node<'t>) {
        self.comments_before(node.start_byte());
        self.materialize(node.start_byte());
        let text = node_text(&node, self.text);
        self.out.push_str(text);
        self.line_start = false;
        self.after_open = matches!(text, "{" | "[" | "(" | "|");
        self.last_end = self.last_end.max(node.end_byte());
    }

    /// Writes a whole node as it is (strings, template strings, numbers): its
    /// comments, if any (inside a template's `{...}`), go with it.
    fn verbatim(&mut self, node: Node<'t>) {
        self.token(node);
        while self.comments.get(self.next_comment).is_some_and(|c| c.start_byte() < node.end_byte()) {
            self.next_comment += 1;
        }
    }

    /// Writes punctuation the layout chooses (`,`, `:`, `;`): it follows the last
    /// token directly, and the source's own (if any) is not written.
    fn punct(&mut self, s: &str) {
        self.space = false;
        self.out.push_str(s);
        self.line_start = false;
        self.after_open = false;
    }

    /// Writes the break or space asked for before text at `next` in the source.
    fn materialize(&mut self, next: usize) {
        let pending = std::mem::replace(&mut self.pending, Break::None);
        let space = std::mem::take(&mut self.space);
        if self.out.is_empty() {
            return;
        }
        match pending {
            Break::None => {
                if space && !self.line_start {
                    self.out.push(' ');
                }
            }
            Break::Line => self.newline(false),
            Break::KeepBlank => {
                let blank = !self.after_open && self.blank_between(self.last_end, next);
                self.newline(blank);
            }
            Break::Blank => self.newline(true),
        }
    }

    fn newline(&mut self, blank: bool) {
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
        for _ in 0..self.indent + usize::from(self.continuation) {
            self.out.push('\t');
        }
        self.line_start = true;
    }

    /// Whether the user left a blank line between two places of the source.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.text.get(from..to).is_some_and(|gap| gap.matches('\n').nth(1).is_some())
    }

    /// Writes the comments that start before `pos`: on the line of the last token
    /// when the user wrote them there, else on lines of their own.
    fn comments_before(&mut self, pos: usize) {
        if self.hold_comments {
            return;
        }
        while let Some(&comment) = self.comments.get(self.next_comment) {
            if comment.start_byte() >= pos {
                break;
            }
            let index = self.next_comment;
            self.next_comment += 1;
            let start = comment.start_byte();
            let gap = self.text.get(self.last_end..start);
            let trailing = !self.out.is_empty() && gap.is_some_and(|g| !g.contains('\n'));
            if self.pending == Break::None {
                // The layout wanted the next token on this line; the comment ends it.
                self.continuation = true;
            }
            self.space = false;
            if trailing {
                self.out.push(' ');
            } else if !self.out.is_empty() {
                let blank = self.pending == Break::Blank
                    || (!self.after_open && !self.suppress_blank && self.blank_between(self.last_end, start));
                self.newline(blank);
            }
            self.out.push_str(self.comment_text(index));
            // Whatever follows starts a new line; a blank line asked for above an
            // own-line comment has been written.
            self.pending = match self.pending {
                Break::Blank if !trailing => Break::KeepBlank,
                Break::None => Break::Line,
                other => other,
            };
            self.line_start = false;
            self.after_open = false;
            self.suppress_blank = false;
            self.last_end = self.last_end.max(comment.end_byte());
        }
        self.suppress_blank = false;
    }

    /// The comments before a closing bracket, at the indentation of the block they
    /// end, with no blank line above the first (as `opa fmt` writes them).
    fn comments_before_close(&mut self, close: Node<'t>) {
        self.suppress_blank = true;
        self.comments_before(close.start_byte());
    }

    fn comment_text(&self, index: usize) -> &'t str {
        let Some(comment) = self.comments.get(index) else { return "" };
        let text = node_text(comment, self.text);
        if self.metadata.get(index).copied().unwrap_or(false) {
            text.strip_suffix('\r').unwrap_or(text)
        } else {
            text.trim_end()
        }
    }

    fn has_comment_in(&self, node: Node<'t>) -> bool {
        let first = self.comments.partition_point(|c| c.start_byte() < node.start_byte());
        self.comments.get(first).is_some_and(|c| c.start_byte() < node.end_byte())
    }

    // -----------------------------------------------------------------------------
    // The file

    fn source_file(&mut self, root: Node<'t>) -> Result<(), FormatError> {
        let items: Vec<Node<'t>> = kids(root).into_iter().filter(|n| n.is_named()).collect();
        // `opa fmt` groups one-line rules only where `if` is the rule syntax.
        let group_one_liners = !items.iter().any(|n| n.kind() == "rule" && has_bare_body(*n));
        let mut i = 0;
        let mut prev: Option<Node<'t>> = None;
        while let Some(&item) = items.get(i) {
            if item.kind() == "import" {
                let run = items[i..].iter().take_while(|n| n.kind() == "import").count();
                if prev.is_some() {
                    self.brk(Break::Blank);
                }
                let next = items.get(i + run).map_or(usize::MAX, |n| n.start_byte());
                self.imports(&items[i..i + run], next)?;
                prev = items.get(i + run - 1).copied();
                i += run;
                continue;
            }
            if let Some(p) = prev {
                let grouped = group_one_liners
                    && p.kind() == "rule"
                    && item.kind() == "rule"
                    && one_liner(p)
                    && one_liner(item)
                    && item.start_position().row == p.end_position().row + 1;
                self.brk(if grouped { Break::Line } else { Break::Blank });
            }
            match item.kind() {
                "package" => self.keyword_line(item)?,
                "rule" => self.rule(item)?,
                _ => self.verbatim(item),
            }
            prev = Some(item);
            i += 1;
        }
        Ok(())
    }

    /// `package a.b`, `import data.x as y`: keywords and names, single spaces.
    fn keyword_line(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        for (i, child) in kids(node).into_iter().enumerate() {
            if i > 0 {
                self.space();
            }
            if child.is_named() {
                self.expr(child)?;
            } else {
                self.token(child);
            }
        }
        Ok(())
    }

    /// A run of imports with nothing but comments between them: sorted within each
    /// group of consecutive lines, with each trailing comment kept on its import
    /// (`next`: where the item after the run starts, which owns comments after it).
    fn imports(&mut self, run: &[Node<'t>], next: usize) -> Result<(), FormatError> {
        let mut groups: Vec<&[Node<'t>]> = Vec::new();
        let mut start = 0;
        for i in 1..=run.len() {
            let split = match (run.get(i - 1), run.get(i)) {
                (Some(a), Some(b)) => b.start_position().row > a.end_position().row + 1,
                _ => true,
            };
            if split {
                groups.push(&run[start..i]);
                start = i;
            }
        }
        for (g, group) in groups.into_iter().enumerate() {
            if g > 0 {
                self.brk(Break::Blank);
            }
            let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
            if group.iter().any(|i| self.has_comment_in(*i)) {
                // A comment inside an import: keep the order, so the comment stays put.
                for (k, import) in group.iter().enumerate() {
                    if k > 0 {
                        self.brk(Break::Line);
                    }
                    self.keyword_line(*import)?;
                }
                continue;
            }
            self.comments_before(first.start_byte());
            // Sorted, the first import written may not be the first in the source:
            // whether a blank line goes above the group is read from the source now.
            if self.pending == Break::KeepBlank {
                let blank = self.blank_between(self.last_end, first.start_byte());
                self.pending = if blank { Break::Blank } else { Break::Line };
            }
            // The group has no comment line: its comments trail its imports.
            let end_row = last.end_position().row;
            let mut trailing: Vec<Option<usize>> = vec![None; group.len()];
            let mut end = last.end_byte();
            while let Some(c) = self.comments.get(self.next_comment) {
                if c.start_position().row > end_row || c.start_byte() >= next {
                    break;
                }
                let owner = group.iter().rposition(|i| i.end_byte() <= c.start_byte());
                if let Some(slot) = owner.and_then(|o| trailing.get_mut(o)) {
                    *slot = Some(self.next_comment);
                }
                end = end.max(c.end_byte());
                self.next_comment += 1;
            }
            let mut order: Vec<usize> = (0..group.len()).collect();
            order.sort_by_cached_key(|&k| group.get(k).map(|i| import_key(*i, self.text)));
            self.hold_comments = true;
            for (k, &index) in order.iter().enumerate() {
                let Some(&import) = group.get(index) else { continue };
                if k > 0 {
                    self.brk(Break::Line);
                }
                self.keyword_line(import)?;
                if let Some(Some(c)) = trailing.get(index) {
                    self.out.push(' ');
                    self.out.push_str(self.comment_text(*c));
                }
            }
            self.hold_comments = false;
            self.last_end = self.last_end.max(end);
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------
    // Rules

    fn rule(&mut self, rule: Node<'t>) -> Result<(), FormatError> {
        let mut prev: Option<Node<'t>> = None;
        for child in kids(rule) {
            match child.kind() {
                "rule_head" => self.head(child)?,
                "rule_body" => {
                    self.space();
                    self.body(child)?;
                }
                "else" => {
                    // `opa fmt` keeps an `else` on the line of the `}` before it, or
                    // else on its own line after a blank line.
                    let own_line = prev.is_some_and(|p| child.start_position().row > p.end_position().row);
                    if own_line {
                        self.brk(Break::Blank);
                    } else {
                        self.space();
                    }
                    self.else_branch(child)?;
                }
                _ if child.is_named() => self.expr(child)?,
                // `default`
                _ => {
                    self.token(child);
                    self.space();
                }
            }
            prev = Some(child);
        }
        Ok(())
    }

    fn head(&mut self, head: Node<'t>) -> Result<(), FormatError> {
        for child in kids(head) {
            match child.kind() {
                "rule_head_name" => {
                    for name in kids(child) {
                        self.expr(name)?;
                    }
                }
                "rule_args" => self.expr(child)?,
                _ if child.is_named() => self.expr(child)?,
                // `contains`, `:=`, `=`
                _ => {
                    self.space();
                    self.token(child);
                    self.space();
                }
            }
        }
        Ok(())
    }

    fn else_branch(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        for (i, child) in kids(node).into_iter().enumerate() {
            if i > 0 {
                self.space();
            }
            match child.kind() {
                "rule_body" => self.body(child)?,
                _ if child.is_named() => self.expr(child)?,
                _ => self.token(child),
            }
        }
        Ok(())
    }

    /// `if { ... }`, `if <literal>`, or a v0 body `{ ... }`.
    fn body(&mut self, body: Node<'t>) -> Result<(), FormatError> {
        for child in kids(body) {
            match child.kind() {
                "query_block" => self.block(child)?,
                "literal" => self.literal(child)?,
                _ => {
                    self.token(child);
                    self.space();
                }
            }
        }
        Ok(())
    }

    /// A body in braces, one literal per line.
    fn block(&mut self, block: Node<'t>) -> Result<(), FormatError> {
        let parts = kids(block);
        let (Some(&open), Some(&close)) = (parts.first(), parts.last()) else {
            self.verbatim(block);
            return Ok(());
        };
        let literals = query_literals(block);
        self.token(open);
        self.indent += 1;
        for (i, literal) in literals.iter().enumerate() {
            self.brk(if i == 0 { Break::Line } else { Break::KeepBlank });
            self.literal(*literal)?;
        }
        // An empty body keeps its line break: `{}` would be an empty object.
        let has_query = parts.iter().any(|p| p.kind() == "query");
        if !literals.is_empty() || has_query || self.has_comment_in(block) {
            self.brk(Break::Line);
        }
        self.comments_before_close(close);
        self.indent -= 1;
        self.token(close);
        Ok(())
    }

    /// A body written on one line (`every x in xs { x > 0 }`) stays on one line.
    fn inline_block(&mut self, block: Node<'t>) -> Result<(), FormatError> {
        let parts = kids(block);
        let (Some(&open), Some(&close)) = (parts.first(), parts.last()) else {
            self.verbatim(block);
            return Ok(());
        };
        self.token(open);
        for (i, literal) in query_literals(block).into_iter().enumerate() {
            if i > 0 {
                self.punct(";");
            }
            self.space();
            self.literal(literal)?;
        }
        self.space();
        self.token(close);
        Ok(())
    }

    fn literal(&mut self, literal: Node<'t>) -> Result<(), FormatError> {
        let mut prev: Option<Node<'t>> = None;
        for child in kids(literal) {
            match child.kind() {
                "some_decl" => self.some_decl(child)?,
                "every" => self.every(child)?,
                "with" => {
                    // `opa fmt` keeps a `with` on the line of the expression, or
                    // indents it below when the user wrote it on a line of its own.
                    let own_line = prev.is_some_and(|p| child.start_position().row > p.end_position().row);
                    if own_line {
                        self.indent += 1;
                        self.brk(Break::Line);
                        self.with(child)?;
                        self.indent -= 1;
                    } else {
                        self.space();
                        self.with(child)?;
                    }
                }
                _ if child.is_named() => self.expr(child)?,
                // `not`
                _ => {
                    self.token(child);
                    self.space();
                }
            }
            prev = Some(child);
        }
        Ok(())
    }

    fn with(&mut self, with: Node<'t>) -> Result<(), FormatError> {
        for (i, child) in kids(with).into_iter().enumerate() {
            if i > 0 {
                self.space();
            }
            if child.is_named() {
                self.expr(child)?;
            } else {
                self.token(child);
            }
        }
        Ok(())
    }

    /// `some x`, `some k, v in xs`.
    fn some_decl(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        for child in kids(node) {
            match child.kind() {
                "," => {
                    self.punct(",");
                    self.space();
                }
                _ if child.is_named() => self.expr(child)?,
                // `some`, `in`
                _ => {
                    self.space();
                    self.token(child);
                    self.space();
                }
            }
        }
        Ok(())
    }

    /// `every k, v in xs { ... }`.
    fn every(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        for child in kids(node) {
            match child.kind() {
                "," => {
                    self.punct(",");
                    self.space();
                }
                "query_block" => {
                    self.space();
                    let one_line = child.start_position().row == child.end_position().row;
                    if one_line && !query_literals(child).is_empty() {
                        self.inline_block(child)?;
                    } else {
                        self.block(child)?;
                    }
                }
                _ if child.is_named() => self.expr(child)?,
                // `every`, `in`
                _ => {
                    self.space();
                    self.token(child);
                    self.space();
                }
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------
    // Expressions

    fn expr(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(FormatError {
                message: format!("nested more than {MAX_DEPTH} levels deep here: the file is not formatted"),
                range: TextRange::from_node(&node),
            });
        }
        let result = match node.kind() {
            "binary_expr" | "unary_expr" | "membership" | "assignment" => self.operators(node),
            "ref" | "call" => self.chain(node),
            "array" | "set" | "object" | "arguments" | "rule_args" => self.collection(node),
            "array_comprehension" | "set_comprehension" | "object_comprehension" => self.comprehension(node),
            "object_item" => self.object_item(node),
            "parenthesized" | "ref_brack" | "ref_dot" => self.tight(node),
            _ => {
                self.verbatim(node);
                Ok(())
            }
        };
        self.depth -= 1;
        result
    }

    /// Children written with no space between them: `(x)`, `[k]`, `.name`.
    fn tight(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        for child in kids(node) {
            if child.is_named() {
                self.expr(child)?;
            } else {
                self.token(child);
            }
        }
        Ok(())
    }

    /// Operators and their operands, flattened with an explicit stack: a chain such
    /// as `a + b + c + ...` nests as deep as it is long, without a bracket.
    fn operators(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        enum Step<'t> {
            Visit(Node<'t>),
            Operator(Node<'t>, bool),
        }
        let mut stack = vec![Step::Visit(node)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Visit(n) if is_operator_node(n.kind()) => {
                    let unary = n.kind() == "unary_expr";
                    for child in kids(n).into_iter().rev() {
                        stack.push(if child.is_named() {
                            Step::Visit(child)
                        } else {
                            Step::Operator(child, unary)
                        });
                    }
                }
                Step::Visit(n) => self.expr(n)?,
                // `-x`
                Step::Operator(op, true) => self.token(op),
                // `k, v in xs`
                Step::Operator(op, false) if op.kind() == "," => {
                    self.punct(",");
                    self.space();
                }
                Step::Operator(op, false) => {
                    self.space();
                    self.token(op);
                    self.space();
                }
            }
        }
        Ok(())
    }

    /// A reference or a call: `f(x).y[0].g(z)` nests a ref in a call in a ref ...
    /// from the right, so the chain is walked down its heads with a loop and
    /// written back up.
    fn chain(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        let mut spine = vec![node];
        let mut current = node;
        let innermost = loop {
            let next = match current.kind() {
                "ref" => current.child_by_field_name("head"),
                "call" => current.child_by_field_name("function"),
                _ => None,
            };
            match next {
                Some(n) if matches!(n.kind(), "ref" | "call") => {
                    spine.push(n);
                    current = n;
                }
                other => break other,
            }
        };
        if let Some(head) = innermost {
            self.expr(head)?;
        }
        for link in spine.into_iter().rev() {
            let head_id = match link.kind() {
                "ref" => link.child_by_field_name("head"),
                _ => link.child_by_field_name("function"),
            }
            .map(|h| h.id());
            for child in kids(link) {
                if Some(child.id()) == head_id {
                    continue;
                }
                if child.is_named() {
                    self.expr(child)?;
                } else {
                    self.token(child);
                }
            }
        }
        Ok(())
    }

    fn object_item(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        for child in kids(node) {
            if child.is_named() {
                self.expr(child)?;
            } else {
                self.punct(":");
                self.space();
            }
        }
        Ok(())
    }

    /// An array, set, object, or the arguments of a call or function head: on one
    /// line when the user wrote its elements on one line right after the opening
    /// bracket, else one line per line of elements the user wrote (`opa fmt`).
    fn collection(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        let parts = kids(node);
        let (Some(&open), Some(&close)) = (parts.first(), parts.last()) else {
            self.verbatim(node);
            return Ok(());
        };
        let elements: Vec<Node<'t>> = parts.iter().copied().filter(|n| n.is_named()).collect();
        let trailing_comma = parts.len() >= 2
            && parts.get(parts.len() - 2).is_some_and(|n| n.kind() == ",")
            && !elements.is_empty();
        let Some(first) = elements.first() else {
            self.token(open);
            if self.has_comment_in(node) {
                self.indent += 1;
                self.brk(Break::Line);
                self.comments_before_close(close);
                self.indent -= 1;
            }
            self.token(close);
            return Ok(());
        };
        let row = |n: &Node<'t>| n.start_position().row;
        let multi = row(first) > row(&open)
            || elements.windows(2).any(|w| row(&w[1]) > row(&w[0]))
            || has_direct_comment(node);
        self.token(open);
        if !multi {
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    self.punct(",");
                    self.space();
                }
                self.expr(*element)?;
            }
            // `{x,}` is a set where `{x}` may be a body (`p if {x,}`): its comma stays.
            if trailing_comma && node.kind() == "set" && elements.len() == 1 {
                self.punct(",");
            }
            self.token(close);
            return Ok(());
        }
        self.indent += 1;
        let mut prev: Option<&Node<'t>> = None;
        for element in &elements {
            match prev {
                Some(p) => {
                    self.punct(",");
                    if row(element) > row(p) {
                        self.brk(Break::Line);
                    } else {
                        self.space();
                    }
                }
                None => self.brk(Break::Line),
            }
            self.expr(*element)?;
            prev = Some(element);
        }
        self.punct(",");
        self.brk(Break::Line);
        self.comments_before_close(close);
        self.indent -= 1;
        self.token(close);
        Ok(())
    }

    /// `[x | body]`, `{x | body}`, `{k: v | body}`: on one line when written on one,
    /// else the head on the opening line and one literal per line below.
    fn comprehension(&mut self, node: Node<'t>) -> Result<(), FormatError> {
        let parts = kids(node);
        let (Some(&open), Some(&close)) = (parts.first(), parts.last()) else {
            self.verbatim(node);
            return Ok(());
        };
        let Some(query) = node.child_by_field_name("body") else {
            self.verbatim(node);
            return Ok(());
        };
        let literals: Vec<Node<'t>> = kids(query).into_iter().filter(|n| n.kind() == "literal").collect();
        let head_row = parts.get(1).map_or(0, |n| n.start_position().row);
        let multi = literals.iter().any(|l| l.start_position().row > head_row)
            || self.has_comment_in(query)
            || has_direct_comment(node);
        self.token(open);
        for part in parts.iter().skip(1).take(parts.len().saturating_sub(2)) {
            match part.kind() {
                "query" => {}
                ":" => {
                    self.punct(":");
                    self.space();
                }
                "|" => {
                    self.space();
                    self.token(*part);
                }
                _ if part.is_named() => self.expr(*part)?,
                _ => self.token(*part),
            }
        }
        if multi {
            self.indent += 1;
            for (i, literal) in literals.iter().enumerate() {
                self.brk(if i == 0 { Break::Line } else { Break::KeepBlank });
                self.literal(*literal)?;
            }
            self.brk(Break::Line);
            self.comments_before_close(close);
            self.indent -= 1;
        } else {
            for (i, literal) in literals.iter().enumerate() {
                if i > 0 {
                    self.punct(";");
                }
                self.space();
                self.literal(*literal)?;
            }
        }
        self.token(close);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------
// Tree helpers

/// The children of a node that are not comments (comments are written in the order
/// of the text, wherever the parser attached them).
fn kids(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).filter(|c| c.kind() != "comment" && c.kind() != ";").collect()
}

fn is_operator_node(kind: &str) -> bool {
    matches!(kind, "binary_expr" | "unary_expr" | "membership" | "assignment")
}

fn has_direct_comment(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).any(|c| c.kind() == "comment");
    found
}

/// The literals of a `{ ... }` body.
fn query_literals(block: Node<'_>) -> Vec<Node<'_>> {
    kids(block)
        .into_iter()
        .filter(|n| n.kind() == "query")
        .flat_map(|q| kids(q).into_iter().filter(|n| n.kind() == "literal"))
        .collect()
}

/// A body in braces without `if` (`deny[msg] { ... }`): a v0 rule.
fn has_bare_body(rule: Node<'_>) -> bool {
    let bare = |body: Node<'_>| kids(body).first().is_some_and(|c| c.kind() == "query_block");
    kids(rule).into_iter().any(|c| match c.kind() {
        "rule_body" => bare(c),
        "else" => kids(c).into_iter().any(|b| b.kind() == "rule_body" && bare(b)),
        _ => false,
    })
}

/// A rule that is one line and stays one (no body in braces, which is written one
/// literal per line), and not a `default` (which `opa fmt` sets apart).
fn one_liner(rule: Node<'_>) -> bool {
    let braces = |body: Node<'_>| kids(body).into_iter().any(|c| c.kind() == "query_block");
    rule.start_position().row == rule.end_position().row
        && kids(rule).into_iter().all(|c| match c.kind() {
            "default" => false,
            "rule_body" => !braces(c),
            "else" => kids(c).into_iter().all(|b| b.kind() != "rule_body" || !braces(b)),
            _ => true,
        })
}

/// How OPA orders imports: by path, part by part, then by alias.
fn import_key(import: Node<'_>, text: &str) -> (Vec<String>, String) {
    let mut parts = Vec::new();
    if let Some(path) = import.child_by_field_name("path") {
        if path.kind() == "var" {
            parts.push(node_text(&path, text).to_string());
        } else {
            for part in kids(path) {
                let name = match part.kind() {
                    "ref_dot" => part.child_by_field_name("name"),
                    "ref_brack" => part.child_by_field_name("key"),
                    _ => Some(part),
                };
                let name = name.map_or("", |n| node_text(&n, text));
                let unquoted = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')).unwrap_or(name);
                parts.push(unquoted.to_string());
            }
        }
    }
    let alias = import.child_by_field_name("alias").map_or("", |a| node_text(&a, text));
    (parts, alias.to_string())
}

/// Every comment of a tree, in the order of the text (walked with a cursor: the
/// tree may be deeper than the stack allows to recurse).
fn collect_comments(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    crate::walk::preorder(root, |node, _, _| {
        let comment = node.kind() == "comment";
        if comment {
            out.push(node);
        }
        !comment
    });
    out
}

/// Which comments are lines of a METADATA block: `# METADATA` on a line of its own
/// and the comment lines right below it. They are YAML, where spaces matter, even
/// at the end of a line (in a block scalar).
fn metadata_lines(comments: &[Node<'_>], text: &str) -> Vec<bool> {
    let own_line = |c: &Node<'_>| {
        let line_start = text.get(..c.start_byte()).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
        text.get(line_start..c.start_byte()).is_some_and(|t| t.trim().is_empty())
    };
    let mut flags = vec![false; comments.len()];
    let mut in_block: Option<usize> = None;
    for (i, comment) in comments.iter().enumerate() {
        let row = comment.start_position().row;
        let continues = in_block.is_some_and(|r| row == r + 1) && own_line(comment);
        // As OPA reads the header: `#`, then `METADATA` between any blanks.
        let header = node_text(comment, text).strip_prefix('#').map(str::trim) == Some("METADATA");
        let starts = header && own_line(comment);
        if continues || starts {
            in_block = Some(row);
            if let Some(flag) = flags.get_mut(i) {
                *flag = true;
            }
        } else {
            in_block = None;
        }
    }
    flags
}

// ---------------------------------------------------------------------------------
// Verification

/// The output must be the same policy: the same tree (but for `;`, trailing commas
/// and where comments attach), and the same tokens and comments in the same order
/// (but for commas, which a comment may move past, and for imports, which are
/// sorted: each import, with the comment on its line, is compared as one token
/// within its run of imports).
fn verify(original: &str, tree: &Tree, formatted: &str) -> Result<(), FormatError> {
    let bug = |at: usize, what: &str| FormatError {
        message: format!(
            "formatting would change {what} here (a bug in the formatter): the file is left as it is"
        ),
        range: TextRange::from_usize(at, at),
    };
    let reparsed = crate::parse(formatted, None);
    let Some(new_tree) = reparsed.tree.filter(|_| reparsed.errors.is_empty()) else {
        return Err(bug(0, "the syntax"));
    };
    let old = signature(tree.root_node(), original);
    let new = signature(new_tree.root_node(), formatted);
    let first_difference = |a: &[Entry], b: &[Entry]| {
        (0..a.len().max(b.len()))
            .find(|&i| a.get(i).map(|e| &e.text) != b.get(i).map(|e| &e.text))
            .map(|i| a.get(i).or(a.last()).map_or(0, |e| e.start))
    };
    if let Some(at) = first_difference(&old.nodes, &new.nodes) {
        return Err(bug(at, "the syntax tree"));
    }
    if let Some(at) = first_difference(&old.tokens, &new.tokens) {
        return Err(bug(at, "the order of the tokens and comments"));
    }
    Ok(())
}

/// Node kinds compared by their whole text: their children include hidden tokens.
const ATOMS: &[&str] = &["string", "raw_string", "template_string", "number", "var", "comment"];

struct Entry {
    text: String,
    start: usize,
    import: bool,
}

struct Signature {
    /// Nodes in pre-order: kind, and the text of atoms.
    nodes: Vec<Entry>,
    /// Atoms and comments in the order of the text.
    tokens: Vec<Entry>,
}

fn signature(root: Node<'_>, text: &str) -> Signature {
    let mut sig = Signature { nodes: Vec::new(), tokens: Vec::new() };
    // The row an import ends on, while its trailing comment may follow.
    let mut import_row: Option<usize> = None;
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let kind = node.kind();
        let atom = node.child_count() == 0 || ATOMS.contains(&kind);
        let start = node.start_byte();
        let mut descend = !atom;
        if kind == "import" {
            let words = atoms(node, text).join(" ");
            sig.nodes.push(Entry { text: format!("import {words}"), start, import: true });
            sig.tokens.push(Entry { text: words, start, import: true });
            import_row = Some(node.end_position().row);
            descend = false;
        } else if kind == "comment" {
            let comment = node_text(&node, text).trim_end();
            match sig.tokens.last_mut() {
                Some(last) if last.import && import_row == Some(node.start_position().row) => {
                    last.text.push(' ');
                    last.text.push_str(comment);
                }
                _ => sig.tokens.push(Entry { text: comment.to_string(), start, import: false }),
            }
        } else if kind != ";" && !(kind == "," && closes_after(&cursor)) {
            let own = if atom { node_text(&node, text) } else { "" };
            sig.nodes.push(Entry { text: format!("{kind} {own}"), start, import: false });
            if atom && kind != "," {
                sig.tokens.push(Entry { text: own.to_string(), start, import: false });
            }
        }
        if kind != "import" && kind != "comment" && node.id() != root.id() {
            import_row = None;
        }
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                sort_import_runs(&mut sig.nodes);
                sort_import_runs(&mut sig.tokens);
                return sig;
            }
        }
    }
}

/// The atoms of a small node (an import), in order.
fn atoms<'a>(node: Node<'a>, text: &'a str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        let atom = n.child_count() == 0 || ATOMS.contains(&n.kind());
        if atom {
            if n.kind() != "comment" {
                out.push(node_text(&n, text));
            }
        } else if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if depth > 0 && cursor.goto_next_sibling() {
                break;
            }
            if depth == 0 || !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}

fn sort_import_runs(entries: &mut [Entry]) {
    let mut i = 0;
    while i < entries.len() {
        let run = entries[i..].iter().take_while(|e| e.import).count();
        if let Some(slice) = entries.get_mut(i..i + run) {
            slice.sort_by(|a, b| a.text.cmp(&b.text));
        }
        i += run.max(1);
    }
}

/// A comma that only ends a collection (`[1, 2,]`). Read with a cursor:
/// `Node::next_sibling` walks down from the root, quadratic on a deep tree.
fn closes_after(at_comma: &tree_sitter::TreeCursor<'_>) -> bool {
    let mut cursor = at_comma.clone();
    while cursor.goto_next_sibling() {
        match cursor.node().kind() {
            "comment" => continue,
            kind => return matches!(kind, "]" | ")" | "}"),
        }
    }
    true
}
