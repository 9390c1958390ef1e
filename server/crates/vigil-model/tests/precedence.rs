//! Differential test of expression grouping: thousands of generated expressions,
//! written without parentheses so that only operator precedence and associativity
//! decide what they mean, are evaluated by Vigil (tree-sitter grammar + evaluator)
//! and by the `hcl-rs` crate (an independent implementation of HCL's specification).
//! Both must give the same value, or both an error.

#![allow(clippy::unwrap_used)] // tests fail loudly

use proptest::prelude::*;
use vigil_model::{load_workspace, SourceFile};

/// The variables every expression may read, as Terraform declarations and as the
/// `var` object given to hcl-rs.
const VARIABLES: &str = r#"
variable "a" { default = true }
variable "b" { default = false }
variable "c" { default = true }
variable "n" { default = 3 }
variable "m" { default = -2 }
variable "k" { default = 0.5 }
variable "o" { default = { p = 7, q = false } }
variable "l" { default = [10, 20, 30] }
"#;

fn hcl_context() -> hcl::eval::Context<'static> {
    let mut ctx = hcl::eval::Context::new();
    let var: hcl::Value = hcl::value!({
        a = true
        b = false
        c = true
        n = 3
        m = (-2)
        k = 0.5
        o = { p = 7, q = false }
        l = [10, 20, 30]
    });
    ctx.declare_var("var", var);
    ctx
}

#[derive(Clone, Copy, Debug)]
enum Ty {
    Bool,
    Num,
}

/// A generated expression tree.
#[derive(Clone, Debug)]
enum Expr {
    Leaf(&'static str),
    Unary(&'static str, Box<Expr>),
    Binary(Box<Expr>, &'static str, Box<Expr>),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Parens(Box<Expr>),
}

/// How tightly a form binds, by HCL's specification: the conditional loosest, then
/// `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, unary operators, and traversals
/// and leaves tightest.
fn level(e: &Expr) -> u8 {
    match e {
        Expr::Conditional(..) => 0,
        Expr::Binary(_, op, _) => match *op {
            "||" => 1,
            "&&" => 2,
            "==" | "!=" => 3,
            "<" | ">" | "<=" | ">=" => 4,
            "+" | "-" => 5,
            _ => 6,
        },
        Expr::Unary(..) => 7,
        Expr::Leaf(_) | Expr::Parens(_) => 8,
    }
}

/// Who reads the text. hcl-rs 0.18 (hcl-edit 0.8's parser) deviates from the
/// specification in places, so its text spells those out with parentheses that
/// change nothing by the specification: a traversal right after `-`/`!` (it reads
/// `!var.b` as `(!var).b`), a unary operator's operand that is itself unary (it gets
/// `! !x` wrong), the left operand of a binary operator of the same level (it reads
/// `a - b - c` as `a - (b - c)`) and a conditional inside a conditional's branch (it
/// fails to parse `a == b ? c : d ? e : f`).
#[derive(Clone, Copy, PartialEq)]
enum Reader {
    Vigil,
    HclRs,
}

/// The expression as text with only the parentheses precedence needs (and those the
/// tree has), so that a parser that groups differently from the specification reads
/// a different expression.
fn print(e: &Expr, reader: Reader, after_unary: bool) -> String {
    let wrap = |child: &Expr, needs: bool, after_unary: bool| {
        let text = print(child, reader, after_unary && !needs);
        if needs {
            format!("({text})")
        } else {
            text
        }
    };
    match e {
        Expr::Leaf(text) => {
            let traversal = text.starts_with("var.");
            if reader == Reader::HclRs && after_unary && traversal {
                format!("({text})")
            } else {
                text.to_string()
            }
        }
        Expr::Unary(op, x) => {
            let operand = wrap(x, level(x) < 7 || (reader == Reader::HclRs && level(x) == 7), true);
            let sep = if operand.starts_with(['-', '!']) { " " } else { "" };
            format!("{op}{sep}{operand}")
        }
        Expr::Binary(x, op, y) => {
            let l = level(e);
            // Left-associative: the right operand of the same level needs parentheses.
            let left_needs = level(x) < l || (reader == Reader::HclRs && level(x) == l);
            format!("{} {op} {}", wrap(x, left_needs, after_unary), wrap(y, level(y) <= l, false))
        }
        Expr::Conditional(c, x, y) => {
            let nested = |b: &Expr| reader == Reader::HclRs && level(b) == 0;
            format!(
                "{} ? {} : {}",
                wrap(c, level(c) == 0, after_unary),
                wrap(x, nested(x), false),
                wrap(y, nested(y), false)
            )
        }
        Expr::Parens(x) => format!("({})", print(x, reader, false)),
    }
}

/// A well-typed expression tree of type `ty`, up to `depth` operators deep.
fn expression(ty: Ty, depth: u32) -> BoxedStrategy<Expr> {
    let leaves: Vec<&'static str> = match ty {
        Ty::Bool => vec!["var.a", "var.b", "var.c", "var.o.q", "true", "false"],
        Ty::Num => {
            vec!["var.n", "var.m", "var.k", "var.o.p", "var.l[1]", "var.l[var.n - 1]", "2", "1.5", "1e1"]
        }
    };
    let leaf = proptest::sample::select(leaves).prop_map(Expr::Leaf).boxed();
    if depth == 0 {
        return leaf;
    }
    let b = || expression(Ty::Bool, depth - 1);
    let n = || expression(Ty::Num, depth - 1);
    let pick = |ops: &[&'static str]| proptest::sample::select(ops.to_vec());
    let bin = |(x, op, y): (Expr, &'static str, Expr)| Expr::Binary(Box::new(x), op, Box::new(y));
    let cond = |(c, x, y): (Expr, Expr, Expr)| Expr::Conditional(Box::new(c), Box::new(x), Box::new(y));
    match ty {
        Ty::Bool => prop_oneof![
            2 => leaf,
            1 => b().prop_map(|x| Expr::Unary("!", Box::new(x))),
            2 => (b(), pick(&["&&", "||", "==", "!="]), b()).prop_map(bin),
            2 => (n(), pick(&["<", ">", "<=", ">=", "==", "!="]), n()).prop_map(bin),
            1 => (b(), b(), b()).prop_map(cond),
            1 => b().prop_map(|x| Expr::Parens(Box::new(x))),
        ]
        .boxed(),
        Ty::Num => prop_oneof![
            2 => leaf,
            1 => n().prop_map(|x| Expr::Unary("-", Box::new(x))),
            3 => (n(), pick(&["+", "-", "*"]), n()).prop_map(bin),
            1 => (b(), n(), n()).prop_map(cond),
            1 => n().prop_map(|x| Expr::Parens(Box::new(x))),
        ]
        .boxed(),
    }
}

/// What an implementation made of the expression: a value, or an error.
#[derive(Debug, PartialEq)]
enum Outcome {
    Bool(bool),
    Num(f64),
    Error,
}

fn vigil(expr: &str) -> Outcome {
    let main = format!("{VARIABLES}\nresource \"t\" \"r\" {{\n  x = {expr}\n}}\n");
    let model = load_workspace(&[SourceFile::new("main.tf", main)]);
    if model.diagnostics.iter().any(|d| d.code == "terraform-eval") {
        return Outcome::Error;
    }
    let resource = model.resources().next().expect("the resource");
    match &resource.values["x"] {
        serde_json::Value::Bool(b) => Outcome::Bool(*b),
        serde_json::Value::Number(n) => Outcome::Num(n.as_f64().unwrap()),
        other => panic!("`{expr}`: unexpected value {other}"),
    }
}

fn reference(expr: &str, ctx: &hcl::eval::Context<'_>) -> Outcome {
    let body = format!("x = {expr}\n");
    match hcl::eval::from_str::<std::collections::BTreeMap<String, hcl::Value>>(&body, ctx) {
        Ok(map) => match &map["x"] {
            hcl::Value::Bool(b) => Outcome::Bool(*b),
            hcl::Value::Number(n) => Outcome::Num(n.as_f64().unwrap()),
            other => panic!("`{expr}`: hcl-rs gave {other:?}"),
        },
        Err(e) => {
            if std::env::var("DEBUG_HCL").is_ok() {
                eprintln!("hcl-rs: `{expr}`: {e}");
            }
            Outcome::Error
        }
    }
}

fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Num(x), Outcome::Num(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => a == b,
    }
}

/// Hand-picked shapes that real modules write and that grouped wrongly before.
#[test]
fn known_shapes_agree_with_hcl_rs() {
    let ctx = hcl_context();
    // (text, the same by the specification in hcl-rs's dialect (see `Reader`), value)
    let cases = [
        ("var.a && !var.b", "var.a && !(var.b)", Outcome::Bool(true)),
        ("var.a && var.o.q", "var.a && var.o.q", Outcome::Bool(false)),
        ("2 * -var.n + 10", "2 * -(var.n) + 10", Outcome::Num(4.0)),
        ("var.a ? 1 : var.b ? 2 : 3", "var.a ? 1 : (var.b ? 2 : 3)", Outcome::Num(1.0)),
        ("var.b ? 1 : var.b ? 2 : 3", "var.b ? 1 : (var.b ? 2 : 3)", Outcome::Num(3.0)),
        ("var.a ? var.b ? 1 : 2 : 3", "var.a ? (var.b ? 1 : 2) : 3", Outcome::Num(2.0)),
        ("var.a && var.n > 2 ? var.l[0] : 0", "var.a && var.n > 2 ? var.l[0] : 0", Outcome::Num(10.0)),
        ("-var.l[var.n - 1] * 2", "-(var.l[var.n - 1]) * 2", Outcome::Num(-60.0)),
        ("var.n - 1 - 1", "(var.n - 1) - 1", Outcome::Num(1.0)),
        ("1e3 + 1", "1e3 + 1", Outcome::Num(1001.0)),
        ("!var.a || var.c", "!(var.a) || var.c", Outcome::Bool(true)),
        ("var.b || var.a && var.c", "var.b || var.a && var.c", Outcome::Bool(true)),
        ("var.n == 3 == true", "(var.n == 3) == true", Outcome::Bool(true)),
        ("!!var.b", "!(!(var.b))", Outcome::Bool(false)),
    ];
    for (expr, their_text, expected) in cases {
        let ours = vigil(expr);
        assert!(same(&ours, &expected), "`{expr}`: Vigil gives {ours:?}, expected {expected:?}");
        let theirs = reference(their_text, &ctx);
        assert!(same(&theirs, &expected), "`{their_text}`: hcl-rs gives {theirs:?}, expected {expected:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn generated_expressions_agree_with_hcl_rs(
        expr in prop_oneof![expression(Ty::Bool, 4), expression(Ty::Num, 4)]
    ) {
        let ctx = hcl_context();
        let (text, their_text) = (print(&expr, Reader::Vigil, false), print(&expr, Reader::HclRs, false));
        let ours = vigil(&text);
        let theirs = reference(&their_text, &ctx);
        prop_assert!(ours != Outcome::Error, "`{}`: Vigil reports an error on a well-typed expression", text);
        prop_assert!(
            same(&ours, &theirs),
            "`{}`: Vigil gives {:?}, hcl-rs gives {:?} for `{}`", text, ours, theirs, their_text
        );
    }
}
