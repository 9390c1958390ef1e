//! Terraform type constraints: the `type` of a `variable` block, and the conversion of
//! a value to it as Terraform applies it.
//!
//! A type constraint is written as an HCL expression (`map(object({ port = number,
//! tls = optional(bool, true) }))`) and read here from its tree-sitter node, as HCL's
//! `typeexpr` package reads it. Converting a value follows go-cty's `convert` (what
//! Terraform runs on every input variable), with `typeexpr`'s defaults applied on the
//! way: strings become numbers and bools and back, tuples become lists and sets,
//! objects become maps and maps objects, attributes an object type does not declare are
//! dropped, and `optional(T, default)` attributes that are missing or null get their
//! default (or null).
//!
//! Values carry no Terraform types here (see `functions.rs`): a tuple and a list are
//! both [`Val::List`], an object and a map both [`Val::Map`], a set is a sorted,
//! deduplicated list. Where Terraform converts according to the type a value already
//! has (the element type a `list(any)` unifies to), the type is inferred from the value
//! as cty would infer it from the literal. Unknown values stay unknown and never cause
//! an error; where an unknown could change the result (an unknown element next to
//! numbers in a `list(any)`: if it is a string, the numbers become strings), the values
//! concerned become unknown rather than possibly wrong.

use std::collections::BTreeMap;
use std::fmt;

use vigil_syntax::tree_sitter::Node;
use vigil_syntax::{node_text, TextRange};

use super::eval::named_children;
use super::functions;
use super::value::{format_number, Val};

/// A type constraint, as `variable "x" { type = ... }` declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `any`: the value is kept as it is (within a collection, its elements are
    /// unified to one type).
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, Attribute>),
}

/// One attribute of an `object({...})` type.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub ty: Type,
    /// Written `optional(T)` or `optional(T, default)`: may be left out.
    pub optional: bool,
    /// The default of `optional(T, default)`, already converted to `ty` (with the
    /// defaults of `ty`'s own optional attributes filled in).
    pub default: Option<Val>,
}

/// A malformed type constraint: Terraform rejects the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeError {
    pub range: TextRange,
    pub message: String,
}

/// A value that does not convert to a type: where (`var.settings.rules[1].port`) and
/// why (`a number is required`). Messages never include the value itself, which may
/// be sensitive.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.path, self.message)
        }
    }
}

impl Type {
    /// How Terraform names the type in its errors (`list of string`, `object`).
    pub fn friendly_name(&self) -> String {
        match self {
            Type::Any => "any single type".into(),
            Type::String => "string".into(),
            Type::Number => "number".into(),
            Type::Bool => "bool".into(),
            Type::List(t) => format!("list of {}", t.friendly_name()),
            Type::Set(t) => format!("set of {}", t.friendly_name()),
            Type::Map(t) => format!("map of {}", t.friendly_name()),
            Type::Tuple(_) => "tuple".into(),
            Type::Object(_) => "object".into(),
        }
    }

    /// Whether `any` occurs anywhere inside: the collections around it unify their
    /// elements after converting them.
    fn has_any(&self) -> bool {
        match self {
            Type::Any => true,
            Type::String | Type::Number | Type::Bool => false,
            Type::List(t) | Type::Set(t) | Type::Map(t) => t.has_any(),
            Type::Tuple(items) => items.iter().any(Type::has_any),
            Type::Object(attrs) => attrs.values().any(|a| a.ty.has_any()),
        }
    }
}

// ---------------------------------------------------------------------------------
// Reading a type constraint.

/// Reads the type constraint written at `node` (the expression of a `type`
/// attribute). `eval` evaluates the default expressions of `optional(T, default)`
/// (Terraform allows only constants there). Every malformed part is reported and
/// read as `any`, so the rest of the type still applies.
pub fn parse_type(node: Node<'_>, text: &str, eval: &dyn Fn(Node<'_>) -> Val) -> (Type, Vec<TypeError>) {
    let mut reader = Reader { text, eval, errors: Vec::new() };
    let ty = reader.ty(node);
    (ty, reader.errors)
}

struct Reader<'r> {
    text: &'r str,
    eval: &'r dyn Fn(Node<'_>) -> Val,
    errors: Vec<TypeError>,
}

/// What a type expression is made of, once the wrappers of the grammar are removed.
enum Form<'t> {
    Keyword(&'t str),
    Call(&'t str, Vec<Node<'t>>, bool),
    Quoted(&'t str),
    Other,
}

const EXPECTED: &str = "a type is a primitive type keyword (`string`, `number`, `bool`), `any`, or a \
                        type constructor call such as `list(string)`";

impl Reader<'_> {
    fn error(&mut self, node: Node<'_>, message: impl Into<String>) -> Type {
        self.errors.push(TypeError { range: TextRange::from_node(&node), message: message.into() });
        Type::Any
    }

    fn ty(&mut self, node: Node<'_>) -> Type {
        match form(node, self.text) {
            Form::Keyword(word) => match word {
                "string" => Type::String,
                "number" => Type::Number,
                "bool" => Type::Bool,
                "any" => Type::Any,
                "list" | "set" | "map" | "tuple" | "object" => self.error(
                    node,
                    format!(
                        "the `{word}` type constructor needs an argument, as in `{word}({})`",
                        example(word)
                    ),
                ),
                "optional" => {
                    self.error(node, "`optional` is valid only around the type of an object attribute")
                }
                other => self.error(node, format!("`{other}` is not a type; {EXPECTED}")),
            },
            Form::Quoted(word) => {
                // Terraform 0.11's quoted types; Terraform 1.x rejects them but says
                // what they meant, which is what they are read as.
                let (ty, written) = match word {
                    "string" => (Type::String, "string"),
                    "list" => (Type::List(Box::new(Type::Any)), "list(string)"),
                    "map" => (Type::Map(Box::new(Type::Any)), "map(string)"),
                    _ => return self.error(node, format!("a type is not written in quotes; {EXPECTED}")),
                };
                self.errors.push(TypeError {
                    range: TextRange::from_node(&node),
                    message: format!(
                        "quoted type constraints are not valid since Terraform 0.15: write `{written}` \
                         without quotes"
                    ),
                });
                ty
            }
            Form::Call(name, args, expanded) => {
                if expanded {
                    return self.error(node, "a type constructor takes no `...` argument");
                }
                match name {
                    "list" | "set" | "map" => {
                        let [element] = args.as_slice() else {
                            return self.error(
                                node,
                                format!("the `{name}` type constructor takes one argument, the element type"),
                            );
                        };
                        let element = Box::new(self.ty(*element));
                        match name {
                            "list" => Type::List(element),
                            "set" => Type::Set(element),
                            _ => Type::Map(element),
                        }
                    }
                    "tuple" => self.tuple(node, &args),
                    "object" => self.object(node, &args),
                    "optional" => {
                        self.error(node, "`optional` is valid only around the type of an object attribute")
                    }
                    "string" | "number" | "bool" | "any" => self.error(
                        node,
                        format!("`{name}` is a type keyword, not a type constructor: write `{name}`"),
                    ),
                    other => self.error(node, format!("`{other}` is not a type constructor; {EXPECTED}")),
                }
            }
            Form::Other => self.error(node, EXPECTED),
        }
    }

    fn tuple(&mut self, node: Node<'_>, args: &[Node<'_>]) -> Type {
        let items = match args {
            [list] => collection(*list, "tuple"),
            _ => None,
        };
        let Some(items) = items else {
            return self.error(
                node,
                "the `tuple` type constructor takes a list of element types: `tuple([string, number])`",
            );
        };
        let items: Vec<Node<'_>> =
            named_children(items).into_iter().filter(|c| c.kind() == "expression").collect();
        Type::Tuple(items.into_iter().map(|item| self.ty(item)).collect())
    }

    fn object(&mut self, node: Node<'_>, args: &[Node<'_>]) -> Type {
        let object = match args {
            [object] => collection(*object, "object"),
            _ => None,
        };
        let Some(object) = object else {
            return self.error(
                node,
                "the `object` type constructor takes an object of attribute types: `object({ name = string })`",
            );
        };
        let mut attrs = BTreeMap::new();
        for elem in named_children(object).into_iter().filter(|c| c.kind() == "object_elem") {
            let (Some(key), Some(value)) = (elem.child_by_field_name("key"), elem.child_by_field_name("val"))
            else {
                continue;
            };
            let Form::Keyword(name) = form(key, self.text) else {
                self.error(
                    key,
                    "an attribute of an object type is named by a bare name, not an expression or a string",
                );
                continue;
            };
            if attrs.contains_key(name) {
                self.error(key, format!("attribute `{name}` is declared more than once"));
                continue;
            }
            let attribute = match form(value, self.text) {
                Form::Call("optional", args, false) => self.optional(value, name, &args),
                _ => Attribute { ty: self.ty(value), optional: false, default: None },
            };
            attrs.insert(name.to_string(), attribute);
        }
        Type::Object(attrs)
    }

    /// `optional(T)` or `optional(T, default)`.
    fn optional(&mut self, node: Node<'_>, name: &str, args: &[Node<'_>]) -> Attribute {
        let (ty_node, default) = match args {
            [ty] => (*ty, None),
            [ty, default] => (*ty, Some(*default)),
            _ => {
                self.error(node, "`optional` takes the attribute's type and, optionally, its default value");
                return Attribute { ty: Type::Any, optional: true, default: None };
            }
        };
        let ty = self.ty(ty_node);
        let default = default.and_then(|expr| {
            let value = (self.eval)(expr);
            match convert(value, &ty, "") {
                Ok(Val::Null) => None,
                Ok(value) => Some(value),
                Err(e) => {
                    self.error(
                        expr,
                        format!("the default of optional attribute `{name}` does not match its type: {e}"),
                    );
                    None
                }
            }
        });
        Attribute { ty, optional: true, default }
    }
}

/// An example argument for a type constructor's message.
fn example(word: &str) -> &'static str {
    match word {
        "tuple" => "[string, number]",
        "object" => "{ name = string }",
        _ => "string",
    }
}

/// The children of a node that matter (comments left out).
fn children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    let children = node.children(&mut cursor).filter(|c| !c.is_extra()).collect();
    children
}

/// The node without the grammar's single-child wrappers (`expression`,
/// `collection_value`, `template_expr`, `literal_value`).
fn unwrap(node: Node<'_>) -> Node<'_> {
    let mut node = node;
    while matches!(node.kind(), "expression" | "collection_value" | "template_expr" | "literal_value") {
        match children(node).as_slice() {
            [only] => node = *only,
            _ => break,
        }
    }
    node
}

/// The `object` or `tuple` node written at `node`, if that is what it is.
fn collection<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    Some(unwrap(node)).filter(|n| n.kind() == kind)
}

fn form<'t>(node: Node<'t>, text: &'t str) -> Form<'t> {
    let node = unwrap(node);
    match node.kind() {
        "variable_expr" | "identifier" => {
            let word = node_text(&node, text).trim();
            if word.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                Form::Keyword(word)
            } else {
                Form::Other
            }
        }
        "function_call" => {
            let parts = named_children(node);
            let Some(name) = parts.first().filter(|n| n.kind() == "identifier") else { return Form::Other };
            let arguments = parts.iter().find(|c| c.kind() == "function_arguments");
            let args = arguments
                .map(|a| named_children(*a).into_iter().filter(|c| c.kind() == "expression").collect())
                .unwrap_or_default();
            let expanded =
                arguments.is_some_and(|a| named_children(*a).iter().any(|c| c.kind() == "ellipsis"));
            Form::Call(node_text(name, text).trim(), args, expanded)
        }
        _ => {
            let written = node_text(&node, text).trim();
            match written.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
                Some(inner) if !inner.contains(['"', '$', '%', '\\']) => Form::Quoted(inner),
                _ => Form::Other,
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Converting a value.

/// Converts `value` to `ty` as Terraform does, `path` naming the value in errors
/// (`var.settings`). Unknown values (anywhere inside) stay unknown and cause no error.
pub fn convert(value: Val, ty: &Type, path: &str) -> Result<Val, ConvertError> {
    let fail = |message: String| Err(ConvertError { path: path.to_string(), message });
    let required = || format!("{} required", ty.friendly_name());
    if matches!(value, Val::Unknown(_) | Val::Null) {
        return Ok(value);
    }
    match (ty, value) {
        (Type::Any, value) => Ok(value),
        (Type::String, Val::Str(s)) => Ok(Val::Str(s)),
        (Type::String, Val::Num(n)) => Ok(Val::Str(format_number(n))),
        (Type::String, Val::Bool(b)) => Ok(Val::Str(b.to_string())),
        (Type::Number, Val::Num(n)) => Ok(Val::Num(n)),
        (Type::Number, Val::Str(s)) => {
            match functions::call_with_files("tonumber", vec![Val::Str(s)], &|_| None, &Default::default()) {
                functions::Outcome::Value(v @ Val::Num(_)) => Ok(v),
                _ => fail("a number is required".into()),
            }
        }
        (Type::Bool, Val::Bool(b)) => Ok(Val::Bool(b)),
        (Type::Bool, Val::Str(s)) => match s.as_str() {
            "true" | "1" => Ok(Val::Bool(true)),
            "false" | "0" => Ok(Val::Bool(false)),
            other if other.eq_ignore_ascii_case("true") || other.eq_ignore_ascii_case("false") => {
                fail(format!(
                    "a bool is required; to convert from a string, write `{}` in lowercase",
                    other.to_ascii_lowercase()
                ))
            }
            _ => fail("a bool is required".into()),
        },
        (Type::List(element), Val::List(items)) => Ok(Val::List(elements(items, element, path)?)),
        (Type::Set(element), Val::List(items)) => {
            let items = elements(items, element, path)?;
            if items.iter().any(|v| v.contains_unknown() || matches!(v, Val::Null)) {
                // Which elements are equal, and so the set's size, is not known.
                return Ok(Val::Unknown(path.to_string()));
            }
            match functions::call_with_files("toset", vec![Val::List(items)], &|_| None, &Default::default())
            {
                functions::Outcome::Value(set) => Ok(set),
                functions::Outcome::Unknown => Ok(Val::Unknown(path.to_string())),
                functions::Outcome::Error(_) => fail(required()),
            }
        }
        (Type::Map(element), Val::Map(map)) => {
            let mut out = BTreeMap::new();
            for (key, value) in map {
                let at = format!("{path}[{}]", quote(&key));
                let value = convert(value, element, &at)?;
                out.insert(key, value);
            }
            if element.has_any() {
                let (keys, values): (Vec<String>, Vec<Val>) = out.into_iter().unzip();
                let values = unify_values(values, path)?;
                return Ok(Val::Map(keys.into_iter().zip(values).collect()));
            }
            Ok(Val::Map(out))
        }
        (Type::Tuple(types), Val::List(items)) => {
            if items.len() != types.len() {
                return fail(format!("a tuple of {} elements is required", types.len()));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, (item, ty)) in items.into_iter().zip(types).enumerate() {
                out.push(convert(item, ty, &format!("{path}[{i}]"))?);
            }
            Ok(Val::List(out))
        }
        (Type::Object(attrs), Val::Map(mut map)) => {
            let mut out = BTreeMap::new();
            for (name, attr) in attrs {
                let value = match map.remove(name) {
                    Some(Val::Null) | None if attr.optional => attr.default.clone().unwrap_or(Val::Null),
                    None => return fail(format!("attribute `{name}` is required")),
                    Some(value) => convert(value, &attr.ty, &format!("{path}.{name}"))?,
                };
                out.insert(name.clone(), value);
            }
            // Attributes the type does not declare are dropped, as Terraform does.
            Ok(Val::Map(out))
        }
        _ => fail(required()),
    }
}

/// The elements of a list or set converted to `element`, then unified when the
/// element type leaves parts open (`list(any)`).
fn elements(items: Vec<Val>, element: &Type, path: &str) -> Result<Vec<Val>, ConvertError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        out.push(convert(item, element, &format!("{path}[{i}]"))?);
    }
    if element.has_any() {
        return unify_values(out, path);
    }
    Ok(out)
}

/// A map key as cty writes it in a path: a quoted string.
fn quote(key: &str) -> String {
    format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
}

// ---------------------------------------------------------------------------------
// Unification: the one type the elements of a `list(any)`, `set(any)` or `map(any)`
// are converted to, as cty's `unify` chooses it (in its "unsafe" mode, the one
// Terraform uses for variables).

/// The type cty would give a value written as a literal.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// `null`: converts to any type, so it does not take part.
    Null,
    /// An unknown value, of a type Vigil does not know.
    Unknown,
    String,
    Number,
    Bool,
    Tuple(Vec<Shape>),
    Object(BTreeMap<String, Shape>),
    // Results of unification only:
    List(Box<Shape>),
    Map(Box<Shape>),
    /// Depends on the type of an unknown value: the values become unknown.
    Uncertain,
}

fn shape_of(value: &Val) -> Shape {
    match value {
        Val::Null => Shape::Null,
        Val::Unknown(_) => Shape::Unknown,
        Val::Str(_) => Shape::String,
        Val::Num(_) => Shape::Number,
        Val::Bool(_) => Shape::Bool,
        Val::List(items) => Shape::Tuple(items.iter().map(shape_of).collect()),
        Val::Map(map) => Shape::Object(map.iter().map(|(k, v)| (k.clone(), shape_of(v))).collect()),
    }
}

/// Converts `values` to the type they unify to; an error when there is none.
fn unify_values(values: Vec<Val>, path: &str) -> Result<Vec<Val>, ConvertError> {
    let shapes: Vec<Shape> = values.iter().map(shape_of).collect();
    let Some(shape) = unify(&shapes) else {
        return Err(ConvertError {
            path: path.to_string(),
            message: "all elements must have the same type".into(),
        });
    };
    Ok(values.into_iter().map(|v| conform(v, &shape)).collect())
}

/// The shape all of `shapes` convert to; `None` when there is none. Nulls take no
/// part; an unknown takes part only by making a choice it could change uncertain.
fn unify(shapes: &[Shape]) -> Option<Shape> {
    let unknown = shapes.contains(&Shape::Unknown);
    let known: Vec<&Shape> = shapes.iter().filter(|s| !matches!(s, Shape::Null | Shape::Unknown)).collect();
    let Some(first) = known.first() else {
        return Some(if unknown { Shape::Unknown } else { Shape::Null });
    };
    if known.iter().any(|s| **s == Shape::Uncertain) {
        return Some(Shape::Uncertain);
    }
    let primitive = |s: &Shape| matches!(s, Shape::String | Shape::Number | Shape::Bool);
    let result = if known.iter().all(|s| primitive(s)) {
        // Strings are the most general: numbers and bools convert to them, but
        // numbers and bools do not convert to each other.
        if known.iter().any(|s| **s == Shape::String) {
            Shape::String
        } else if known.iter().all(|s| *s == *first) {
            (*first).clone()
        } else {
            return None;
        }
    } else if known.iter().all(|s| matches!(s, Shape::Object(_))) {
        let objects: Vec<&BTreeMap<String, Shape>> =
            known.iter().filter_map(|s| if let Shape::Object(o) = s { Some(o) } else { None }).collect();
        let same_keys = objects.windows(2).all(|w| w[0].keys().eq(w[1].keys()));
        if same_keys {
            let mut attrs = BTreeMap::new();
            for key in objects[0].keys() {
                let at: Vec<Shape> = objects.iter().filter_map(|o| o.get(key).cloned()).collect();
                attrs.insert(key.clone(), unify(&at)?);
            }
            Shape::Object(attrs)
        } else {
            // Objects with different attributes unify as maps of one element type.
            let all: Vec<Shape> = objects.iter().flat_map(|o| o.values().cloned()).collect();
            Shape::Map(Box::new(unify(&all)?))
        }
    } else if known.iter().all(|s| matches!(s, Shape::Tuple(_))) {
        let tuples: Vec<&Vec<Shape>> =
            known.iter().filter_map(|s| if let Shape::Tuple(t) = s { Some(t) } else { None }).collect();
        if tuples.windows(2).all(|w| w[0].len() == w[1].len()) {
            let mut items = Vec::new();
            for i in 0..tuples[0].len() {
                let at: Vec<Shape> = tuples.iter().filter_map(|t| t.get(i).cloned()).collect();
                items.push(unify(&at)?);
            }
            Shape::Tuple(items)
        } else {
            // Tuples of different lengths unify as lists of one element type.
            let all: Vec<Shape> = tuples.iter().flat_map(|t| t.iter().cloned()).collect();
            Shape::List(Box::new(unify(&all)?))
        }
    } else {
        // Primitives with collections, objects with tuples: no common type.
        return None;
    };
    // An unknown beside known values is of a type Vigil does not know: only strings,
    // which everything primitive converts to, stay certain.
    if unknown && result != Shape::String {
        return Some(Shape::Uncertain);
    }
    Some(result)
}

/// Converts a value to the shape its collection unified to.
fn conform(value: Val, shape: &Shape) -> Val {
    match (shape, value) {
        (_, value @ (Val::Null | Val::Unknown(_))) => value,
        (Shape::Uncertain, value) => Val::Unknown(uncertain_text(&value)),
        (Shape::String, value @ (Val::Num(_) | Val::Bool(_))) => Val::Str(value.to_str().unwrap_or_default()),
        (Shape::Tuple(shapes), Val::List(items)) => {
            Val::List(items.into_iter().zip(shapes).map(|(v, s)| conform(v, s)).collect())
        }
        (Shape::List(shape), Val::List(items)) => {
            Val::List(items.into_iter().map(|v| conform(v, shape)).collect())
        }
        (Shape::Object(shapes), Val::Map(map)) => Val::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match shapes.get(&k) {
                        Some(s) => conform(v, s),
                        None => v,
                    };
                    (k, v)
                })
                .collect(),
        ),
        (Shape::Map(shape), Val::Map(map)) => {
            Val::Map(map.into_iter().map(|(k, v)| (k, conform(v, shape))).collect())
        }
        (_, value) => value,
    }
}

/// The text an uncertain value stands for: never the value itself (it may be
/// sensitive).
fn uncertain_text(value: &Val) -> String {
    format!("a {} whose type depends on an unknown value", value.type_name())
}

// ---------------------------------------------------------------------------------
// A variable's declaration.

/// What a `variable` block declares about its value besides the default.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    /// `None` without `type`: any value, kept as it is.
    pub ty: Option<Type>,
    /// `nullable = false`: a null value is replaced by the default.
    pub nullable: bool,
    /// `sensitive = true`: the value is used, but never shown.
    pub sensitive: bool,
}

impl Default for Declaration {
    fn default() -> Self {
        Declaration { ty: None, nullable: true, sensitive: false }
    }
}

impl Declaration {
    /// Reads `type`, `nullable` and `sensitive` from a variable block's attributes
    /// (name, expression); `eval` evaluates an expression (they are constants).
    pub fn read(
        attributes: &[(Node<'_>, Node<'_>)],
        text: &str,
        eval: &dyn Fn(Node<'_>) -> Val,
    ) -> (Declaration, Vec<TypeError>) {
        let mut decl = Declaration::default();
        let mut errors = Vec::new();
        for (name, expr) in attributes {
            match node_text(name, text) {
                "type" => {
                    let (ty, problems) = parse_type(*expr, text, eval);
                    decl.ty = Some(ty);
                    errors.extend(problems);
                }
                flag @ ("nullable" | "sensitive") => {
                    // Decoded as a bool, so the strings "true" and "false" are read too.
                    let value = eval(*expr);
                    if value.is_unknown() {
                        continue;
                    }
                    let value = match value.to_bool() {
                        Some(b) => b,
                        None => {
                            errors.push(TypeError {
                                range: TextRange::from_node(expr),
                                message: format!("`{flag}` must be `true` or `false`"),
                            });
                            continue;
                        }
                    };
                    if flag == "nullable" {
                        decl.nullable = value;
                    } else {
                        decl.sensitive = value;
                    }
                }
                _ => {}
            }
        }
        (decl, errors)
    }

    /// The variable's default converted to its type. A default that does not convert,
    /// or a null default of a variable that is not nullable, is Terraform's error.
    pub fn default_value(&self, name: &str, default: Val) -> Result<Val, String> {
        if matches!(default, Val::Null) && !self.nullable {
            return Err(format!(
                "the default of variable `{name}` is null, which `nullable = false` does not allow; \
                 Terraform rejects it"
            ));
        }
        self.convert(name, default).map_err(|e| {
            format!("the default of variable `{name}` does not match its type: {e}; Terraform rejects it")
        })
    }

    /// The value the variable takes when it is given `value` (by a module call or a
    /// tfvars file): converted to the type, and a null replaced by the default when
    /// the variable is not nullable. A value Terraform rejects is an error message.
    pub fn accept(&self, name: &str, value: Val, default: Option<&Val>) -> Result<Val, String> {
        let value = self.convert(name, value).map_err(|e| {
            format!("the value of variable `{name}` does not match its type: {e}; Terraform rejects it")
        })?;
        if matches!(value, Val::Null) && !self.nullable {
            return match default {
                Some(default) if !matches!(default, Val::Null) => Ok(default.clone()),
                _ => Err(format!(
                    "variable `{name}` is set to null, which `nullable = false` does not allow, and it has \
                     no default to use instead; Terraform rejects it"
                )),
            };
        }
        Ok(value)
    }

    fn convert(&self, name: &str, value: Val) -> Result<Val, ConvertError> {
        match &self.ty {
            Some(ty) => convert(value, ty, &format!("var.{name}")),
            None => Ok(value),
        }
    }
}

/// The strings inside a value, to keep a sensitive variable's value out of messages.
pub fn strings_in(value: &Val, out: &mut Vec<String>) {
    match value {
        Val::Str(s) if !s.is_empty() => out.push(s.clone()),
        Val::Num(n) => out.push(format_number(*n)),
        Val::List(items) => items.iter().for_each(|v| strings_in(v, out)),
        Val::Map(map) => map.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}

/// `message` with each of `secrets` replaced by `(sensitive value)`: wherever it is
/// quoted, and anywhere when it is long enough not to be part of ordinary words.
pub fn redact(message: &str, secrets: &[String]) -> String {
    let mut out = message.to_string();
    // Longer first, so a secret containing another is replaced whole.
    let mut secrets: Vec<&String> = secrets.iter().collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in secrets {
        for quoted in [format!("\"{secret}\""), format!("`{secret}`"), format!("'{secret}'")] {
            out = out.replace(&quoted, "(sensitive value)");
        }
        if secret.chars().count() >= 4 {
            out = out.replace(secret.as_str(), "(sensitive value)");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

    use super::*;
    use crate::terraform::eval::{ModuleCtx, Scope};

    /// Compact text of a value: HCL-like, unknowns as `?`.
    fn show(v: &Val) -> String {
        match v {
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => format_number(*n),
            Val::Str(s) => format!("{s:?}"),
            Val::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
            Val::Map(m) => {
                format!(
                    "{{{}}}",
                    m.iter().map(|(k, v)| format!("{k} = {}", show(v))).collect::<Vec<_>>().join(", ")
                )
            }
            Val::Unknown(_) => "?".into(),
        }
    }

    /// Parses `t = <type>` and `v = <value>` and converts the value (`var.u` is
    /// unknown); the result as [`show`] writes it, or `error: ...`, or the type's
    /// errors as `type error: ...`.
    fn check(ty: &str, value: &str) -> String {
        let text = format!("t = {ty}\nv = {value}\n");
        let file = vigil_syntax::hcl::parse(&text);
        assert!(file.errors.is_empty(), "{text}: {:?}", file.errors);
        let tree = file.tree.unwrap();
        let body = named_children(tree.root_node()).into_iter().find(|c| c.kind() == "body").unwrap();
        let attrs: Vec<Node<'_>> = named_children(body)
            .into_iter()
            .map(|a| named_children(a).into_iter().find(|c| c.kind() == "expression").unwrap())
            .collect();
        let mut ctx = ModuleCtx::new(String::new());
        ctx.variables.insert("u".into(), Val::Unknown("var.u".into()));
        let eval = |n: Node<'_>| ctx.eval_top(n, &text, "t.tf", &Scope::default()).0;
        let (ty, errors) = parse_type(attrs[0], &text, &eval);
        if !errors.is_empty() {
            let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            return format!("type error: {}", messages.join("; "));
        }
        let value = eval(attrs[1]);
        assert!(ctx.diagnostics.borrow().is_empty(), "{:?}", ctx.diagnostics.borrow());
        match convert(value, &ty, "var.x") {
            Ok(v) => show(&v),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn values_convert_to_declared_types_as_terraform_converts_them() {
        let cases: &[(&str, &str, &str)] = &[
            // Primitives: strings to and from numbers and bools.
            ("string", r#""a""#, r#""a""#),
            ("string", "8080", r#""8080""#),
            ("string", "1.5", r#""1.5""#),
            ("string", "true", r#""true""#),
            ("number", r#""8080""#, "8080"),
            ("number", r#""-1.25""#, "-1.25"),
            ("number", r#""eighty""#, "error: `var.x`: a number is required"),
            ("number", "true", "error: `var.x`: number required"),
            ("bool", r#""true""#, "true"),
            ("bool", r#""false""#, "false"),
            ("bool", r#""1""#, "true"),
            ("bool", r#""yes""#, "error: `var.x`: a bool is required"),
            ("bool", r#""True""#, "error: `var.x`: a bool is required; to convert from a string, write `true` in lowercase"),
            ("bool", "1", "error: `var.x`: bool required"),
            ("string", "[1]", "error: `var.x`: string required"),
            ("string", "{ a = 1 }", "error: `var.x`: string required"),
            // null and unknown convert to anything and stay what they are.
            ("string", "null", "null"),
            ("object({ a = string })", "null", "null"),
            ("number", "var.u", "?"),
            ("object({ name = string })", "var.u", "?"),
            ("list(number)", r#"["1", var.u]"#, "[1, ?]"),
            // any keeps the value.
            ("any", r#"[1, "a", { b = true }]"#, r#"[1, "a", {b = true}]"#),
            ("any", "null", "null"),
            // Lists, tuples, sets.
            ("list(string)", r#"["a", 1, true]"#, r#"["a", "1", "true"]"#),
            ("list(number)", r#"["1", 2]"#, "[1, 2]"),
            ("list(number)", r#"[1, "x"]"#, "error: `var.x[1]`: a number is required"),
            ("list(string)", r#""a""#, "error: `var.x`: list of string required"),
            ("list(string)", "[]", "[]"),
            ("set(string)", r#"["b", "a", "b"]"#, r#"["a", "b"]"#),
            ("set(number)", r#"["10", 9, 10]"#, "[9, 10]"),
            ("set(string)", r#"["a", var.u]"#, "?"),
            ("tuple([string, number])", r#"[1, "2"]"#, r#"["1", 2]"#),
            ("tuple([string, number])", "[1]", "error: `var.x`: a tuple of 2 elements is required"),
            ("tuple([string, bool])", r#"["a", "no"]"#, "error: `var.x[1]`: a bool is required"),
            // list(any) and map(any) unify their elements as Terraform does.
            ("list(any)", r#"["a", 1, true]"#, r#"["a", "1", "true"]"#),
            ("list(any)", "[1, 2]", "[1, 2]"),
            ("list(any)", "[1, true]", "error: `var.x`: all elements must have the same type"),
            ("list(any)", r#"[{ a = 1 }, { a = "x" }]"#, r#"[{a = "1"}, {a = "x"}]"#),
            ("list(any)", r#"[{ a = 1, b = "x" }, { a = 2 }]"#, r#"[{a = "1", b = "x"}, {a = "2"}]"#),
            ("list(any)", r#"[["a"], ["b", 1]]"#, r#"[["a"], ["b", "1"]]"#),
            ("list(any)", "[1, var.u]", "[?, ?]"),
            ("list(any)", r#"["a", var.u]"#, r#"["a", ?]"#),
            ("list(any)", r#"[{ port = 22, id = var.u }, { port = 80, id = "sg-1" }]"#, r#"[{id = ?, port = 22}, {id = "sg-1", port = 80}]"#),
            ("list(any)", "[1, null]", "[1, null]"),
            ("map(any)", r#"{ a = "x", b = 2 }"#, r#"{a = "x", b = "2"}"#),
            ("map(any)", "{ a = [1], b = 2 }", "error: `var.x`: all elements must have the same type"),
            ("set(any)", r#"[2, "1", 2]"#, r#"["1", "2"]"#),
            // Objects and maps.
            ("map(string)", "{ a = 1, b = true }", r#"{a = "1", b = "true"}"#),
            ("map(number)", r#"{ a = "1", b = "x" }"#, r#"error: `var.x["b"]`: a number is required"#),
            ("map(string)", r#"["a"]"#, "error: `var.x`: map of string required"),
            ("object({ name = string, size = number })", r#"{ name = "a", size = "10", extra = true }"#, r#"{name = "a", size = 10}"#),
            ("object({ name = string, size = number })", r#"{ size = 10 }"#, "error: `var.x`: attribute `name` is required"),
            ("object({ name = string })", r#"{ name = null }"#, "{name = null}"),
            ("object({ name = string })", r#""a""#, "error: `var.x`: object required"),
            // Optional attributes: defaults, null, nested, inside collections.
            ("object({ name = string, versioning = optional(bool, false) })", r#"{ name = "logs" }"#, r#"{name = "logs", versioning = false}"#),
            ("object({ name = string, versioning = optional(bool, false) })", r#"{ name = "logs", versioning = null }"#, r#"{name = "logs", versioning = false}"#),
            ("object({ name = string, versioning = optional(bool, false) })", r#"{ name = "logs", versioning = "true" }"#, r#"{name = "logs", versioning = true}"#),
            ("object({ name = optional(string) })", "{}", "{name = null}"),
            ("object({ port = optional(number, \"443\") })", "{}", "{port = 443}"),
            (
                "object({ tls = optional(object({ enabled = optional(bool, true), min = optional(string, \"1.2\") }), {}) })",
                "{}",
                r#"{tls = {enabled = true, min = "1.2"}}"#,
            ),
            (
                "object({ tls = optional(object({ enabled = optional(bool, true), min = optional(string, \"1.2\") })) })",
                "{}",
                "{tls = null}",
            ),
            (
                "object({ tls = optional(object({ enabled = optional(bool, true), min = optional(string, \"1.2\") })) })",
                "{ tls = { min = 1.3 } }",
                r#"{tls = {enabled = true, min = "1.3"}}"#,
            ),
            (
                "map(object({ cidr = string, public = optional(bool, false) }))",
                r#"{ a = { cidr = "10.0.0.0/24" }, b = { cidr = "10.0.1.0/24", public = true } }"#,
                r#"{a = {cidr = "10.0.0.0/24", public = false}, b = {cidr = "10.0.1.0/24", public = true}}"#,
            ),
            (
                "list(object({ port = number, protocol = optional(string, \"tcp\") }))",
                r#"[{ port = "22" }, { port = 53, protocol = "udp" }]"#,
                r#"[{port = 22, protocol = "tcp"}, {port = 53, protocol = "udp"}]"#,
            ),
            (
                "object({ rules = list(object({ port = number })) })",
                r#"{ rules = [{ port = 22 }, { port = "ssh" }] }"#,
                "error: `var.x.rules[1].port`: a number is required",
            ),
            (
                "set(object({ name = string, weight = optional(number, 1) }))",
                r#"[{ name = "b" }, { name = "a", weight = 2 }]"#,
                r#"[{name = "a", weight = 2}, {name = "b", weight = 1}]"#,
            ),
            (
                "map(object({ rules = optional(list(object({ from = number, to = optional(number) })), []) }))",
                r#"{ web = {}, db = { rules = [{ from = "5432" }] } }"#,
                "{db = {rules = [{from = 5432, to = null}]}, web = {rules = []}}",
            ),
            ("object({ a = optional(string), b = number })", "{ b = var.u }", "{a = null, b = ?}"),
            ("object({ a = any })", r#"{ a = [1, "x"] }"#, r#"{a = [1, "x"]}"#),
            ("list(object({ a = any }))", r#"[{ a = 1 }, { a = "x" }]"#, r#"[{a = "1"}, {a = "x"}]"#),
            // Legacy quoted types: read, and reported (Terraform 1.x rejects them).
            (
                r#""string""#,
                "1",
                "type error: quoted type constraints are not valid since Terraform 0.15: write `string` without quotes",
            ),
        ];
        let mut failures = Vec::new();
        for (ty, value, expected) in cases {
            let got = check(ty, value);
            if got != *expected {
                failures.push(format!("type {ty}, value {value}\n  expected {expected}\n  got      {got}"));
            }
        }
        assert!(cases.len() >= 40);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Each malformed part of a type: the text it points at and the message.
    fn type_errors(ty: &str) -> Vec<(String, String)> {
        let text = format!("t = {ty}\n");
        let file = vigil_syntax::hcl::parse(&text);
        let tree = file.tree.unwrap();
        let body = named_children(tree.root_node()).into_iter().find(|c| c.kind() == "body").unwrap();
        let attr = named_children(body).into_iter().next().unwrap();
        let expr = named_children(attr).into_iter().find(|c| c.kind() == "expression").unwrap();
        let ctx = ModuleCtx::new(String::new());
        let eval = |n: Node<'_>| ctx.eval_top(n, &text, "t.tf", &Scope::default()).0;
        let (_, errors) = parse_type(expr, &text, &eval);
        errors
            .into_iter()
            .map(|e| (text[e.range.start as usize..e.range.end as usize].to_string(), e.message))
            .collect()
    }

    #[test]
    fn malformed_types_are_positioned_errors() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("map(object({ a = string }))", &[]),
            ("tuple([string, list(number)])", &[]),
            ("strin", &[("strin", "`strin` is not a type; a type is a primitive type keyword")]),
            ("list", &[("list", "the `list` type constructor needs an argument, as in `list(string)`")]),
            (
                "list(string, number)",
                &[("list(string, number)", "the `list` type constructor takes one argument")],
            ),
            ("map(strng)", &[("strng", "`strng` is not a type")]),
            ("object({ a = string, b = optional(nmber) })", &[("nmber", "`nmber` is not a type")]),
            ("object([string])", &[("object([string])", "the `object` type constructor takes an object")]),
            ("tuple(string)", &[("tuple(string)", "the `tuple` type constructor takes a list")]),
            (
                "optional(string)",
                &[("optional(string)", "`optional` is valid only around the type of an object")],
            ),
            ("list(optional(string))", &[("optional(string)", "`optional` is valid only")]),
            (
                "object({ a = optional(number, \"x\") })",
                &[(
                    "\"x\"",
                    "the default of optional attribute `a` does not match its type: a number is required",
                )],
            ),
            (
                "object({ a = optional(number, 1, 2) })",
                &[("optional(number, 1, 2)", "`optional` takes the attribute's type")],
            ),
            ("object({ a = string, a = number })", &[("a", "attribute `a` is declared more than once")]),
            (
                "object({ \"a\" = string })",
                &[("\"a\"", "an attribute of an object type is named by a bare name")],
            ),
            ("string(1)", &[("string(1)", "`string` is a type keyword, not a type constructor")]),
            ("lst(string)", &[("lst(string)", "`lst` is not a type constructor")]),
            ("var.x", &[("var.x", "a type is a primitive type keyword")]),
            ("\"bool\"", &[("\"bool\"", "a type is not written in quotes")]),
            (
                "\"map\"",
                &[(
                    "\"map\"",
                    "quoted type constraints are not valid since Terraform 0.15: write `map(string)`",
                )],
            ),
        ];
        let mut failures = Vec::new();
        for (ty, expected) in cases {
            let got = type_errors(ty);
            let matches = got.len() == expected.len()
                && got
                    .iter()
                    .zip(expected.iter())
                    .all(|((at, msg), (want_at, want_msg))| at == want_at && msg.starts_with(want_msg));
            if !matches {
                failures.push(format!("type {ty}\n  expected {expected:?}\n  got      {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn variables_take_defaults_when_not_nullable_and_report_what_terraform_rejects() {
        let ty = Type::Map(Box::new(Type::String));
        let strict = Declaration { ty: Some(ty.clone()), nullable: false, sensitive: false };
        let loose = Declaration { ty: Some(ty), nullable: true, sensitive: false };
        let default = Val::Map(BTreeMap::from([("team".to_string(), Val::Str("infra".into()))]));
        assert_eq!(strict.accept("tags", Val::Null, Some(&default)), Ok(default.clone()));
        assert_eq!(loose.accept("tags", Val::Null, Some(&default)), Ok(Val::Null));
        assert!(strict
            .accept("tags", Val::Null, None)
            .unwrap_err()
            .contains("`nullable = false` does not allow"));
        assert!(strict
            .default_value("tags", Val::Null)
            .unwrap_err()
            .contains("the default of variable `tags` is null"));
        let err = loose.accept("tags", Val::Str("x".into()), None).unwrap_err();
        assert_eq!(
            err,
            "the value of variable `tags` does not match its type: `var.tags`: map of string required; \
             Terraform rejects it"
        );
        // Unknown values are never an error.
        assert_eq!(strict.accept("tags", Val::Unknown("x".into()), None), Ok(Val::Unknown("x".into())));
    }

    #[test]
    fn sensitive_strings_are_redacted_from_messages() {
        let mut secrets = Vec::new();
        strings_in(&Val::List(vec![Val::Str("hunter22".into()), Val::Str("ab".into())]), &mut secrets);
        assert_eq!(
            redact("tonumber(): cannot convert \"ab\" to number; hunter22-x is wrong; about", &secrets),
            "tonumber(): cannot convert (sensitive value) to number; (sensitive value)-x is wrong; about"
        );
    }
}
