//! Terraform's built-in functions, with Terraform's semantics.
//!
//! Each function behaves as Terraform 1.x's does (go-cty's standard library and
//! Terraform's own `lang/funcs`): the same automatic conversions of arguments (a
//! number where a string is expected becomes a string), the same results and the
//! same errors. An error becomes a diagnostic and the value unknown.
//!
//! Unknown values: a function with an unknown argument returns unknown, except the
//! functions listed in `PARTIAL`, which Terraform defines on partially unknown input
//! (`length` of a list with unknown elements is known, `merge` keeps an unknown value
//! under its key). An unknown never becomes a known value that could be wrong: where
//! Vigil cannot be sure of Terraform's result (a value that depends on the clock, on
//! randomness, on files Vigil is not given, or on type information Vigil does not
//! keep), the result is unknown, without a diagnostic.
//!
//! Values carry no Terraform types: lists and tuples are both [`Val::List`], maps and
//! objects both [`Val::Map`], and a set is a sorted, deduplicated list.

use std::collections::BTreeMap;

use base64::Engine as _;

use super::value::{format_number, Val};

pub enum Outcome {
    Value(Val),
    Unknown,
    Error(String),
}

/// `Ok(Some(v))`: the value; `Ok(None)`: not known before apply; `Err`: Terraform's
/// error.
type R = Result<Option<Val>, String>;

const MANY: usize = usize::MAX;

/// The functions Vigil evaluates, with their number of arguments (min, max). A name
/// not listed (a provider-defined function, a function newer than this table) is
/// unknown without a diagnostic.
const ARITY: &[(&str, usize, usize)] = &[
    ("abs", 1, 1),
    ("abspath", 1, 1),
    ("alltrue", 1, 1),
    ("anytrue", 1, 1),
    ("base64decode", 1, 1),
    ("base64encode", 1, 1),
    ("base64gzip", 1, 1),
    ("base64sha256", 1, 1),
    ("base64sha512", 1, 1),
    ("basename", 1, 1),
    ("bcrypt", 1, 2),
    ("ceil", 1, 1),
    ("chomp", 1, 1),
    ("chunklist", 2, 2),
    ("cidrhost", 2, 2),
    ("cidrnetmask", 1, 1),
    ("cidrsubnet", 3, 3),
    ("cidrsubnets", 1, MANY),
    ("coalesce", 0, MANY),
    ("coalescelist", 1, MANY),
    ("compact", 1, 1),
    ("concat", 1, MANY),
    ("contains", 2, 2),
    ("csvdecode", 1, 1),
    ("dirname", 1, 1),
    ("distinct", 1, 1),
    ("element", 2, 2),
    ("endswith", 2, 2),
    ("ephemeralasnull", 1, 1),
    ("file", 1, 1),
    ("filebase64", 1, 1),
    ("filebase64sha256", 1, 1),
    ("filebase64sha512", 1, 1),
    ("fileexists", 1, 1),
    ("filemd5", 1, 1),
    ("fileset", 2, 2),
    ("filesha1", 1, 1),
    ("filesha256", 1, 1),
    ("filesha512", 1, 1),
    ("flatten", 1, 1),
    ("floor", 1, 1),
    ("format", 1, MANY),
    ("formatdate", 2, 2),
    ("formatlist", 1, MANY),
    ("indent", 2, 2),
    ("index", 2, 2),
    ("issensitive", 1, 1),
    ("join", 1, MANY),
    ("jsondecode", 1, 1),
    ("jsonencode", 1, 1),
    ("keys", 1, 1),
    ("length", 1, 1),
    ("list", 0, MANY),
    ("log", 2, 2),
    ("lookup", 2, 3),
    ("lower", 1, 1),
    ("map", 0, MANY),
    ("matchkeys", 3, 3),
    ("max", 0, MANY),
    ("md5", 1, 1),
    ("merge", 0, MANY),
    ("min", 0, MANY),
    ("nonsensitive", 1, 1),
    ("one", 1, 1),
    ("parseint", 2, 2),
    ("pathexpand", 1, 1),
    ("plantimestamp", 0, 0),
    ("pow", 2, 2),
    ("range", 0, MANY),
    ("regex", 2, 2),
    ("regexall", 2, 2),
    ("replace", 3, 3),
    ("reverse", 1, 1),
    ("rsadecrypt", 2, 2),
    ("sensitive", 1, 1),
    ("setintersection", 1, MANY),
    ("setproduct", 0, MANY),
    ("setsubtract", 2, 2),
    ("setsymmetricdifference", 1, MANY),
    ("setunion", 1, MANY),
    ("sha1", 1, 1),
    ("sha256", 1, 1),
    ("sha512", 1, 1),
    ("signum", 1, 1),
    ("slice", 3, 3),
    ("sort", 1, 1),
    ("split", 2, 2),
    ("startswith", 2, 2),
    ("strcontains", 2, 2),
    ("strrev", 1, 1),
    ("substr", 3, 3),
    ("sum", 1, 1),
    ("templatefile", 2, 2),
    ("templatestring", 2, 2),
    ("textdecodebase64", 2, 2),
    ("textencodebase64", 2, 2),
    ("timeadd", 2, 2),
    ("timecmp", 2, 2),
    ("timestamp", 0, 0),
    ("title", 1, 1),
    ("tobool", 1, 1),
    ("tolist", 1, 1),
    ("tomap", 1, 1),
    ("tonumber", 1, 1),
    ("toset", 1, 1),
    ("tostring", 1, 1),
    ("transpose", 1, 1),
    ("trim", 2, 2),
    ("trimprefix", 2, 2),
    ("trimspace", 1, 1),
    ("trimsuffix", 2, 2),
    ("type", 1, 1),
    ("upper", 1, 1),
    ("urlencode", 1, 1),
    ("uuid", 0, 0),
    ("uuidv5", 2, 2),
    ("values", 1, 1),
    ("yamldecode", 1, 1),
    ("yamlencode", 1, 1),
    ("zipmap", 2, 2),
];

/// Functions that Terraform defines on partially unknown arguments: they look for
/// unknowns themselves. Every other function returns unknown when any argument
/// contains an unknown value.
const PARTIAL: &[&str] = &[
    "alltrue",
    "anytrue",
    "chunklist",
    "coalesce",
    "coalescelist",
    "concat",
    "contains",
    "element",
    "ephemeralasnull",
    "flatten",
    "formatlist",
    "index",
    "keys",
    "length",
    "lookup",
    "merge",
    "nonsensitive",
    "one",
    "reverse",
    "sensitive",
    "setproduct",
    "slice",
    "tolist",
    "tomap",
    "values",
    "zipmap",
];

/// Calls the built-in function `name` without access to files (the file functions
/// return unknown); see [`call_with_files`].
#[cfg(test)]
fn call(name: &str, args: Vec<Val>, _module_dir: &str) -> Outcome {
    call_with_files(name, args, &|_| None, &vigil_syntax::Limits::default())
}

/// Reads a file of the configuration: the text of the file at a path as written in
/// the call (Terraform resolves relative paths from the directory it runs in, the
/// root module's), or `None` when Vigil was not given that file.
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Option<String>;

/// [`call`] with access to the configuration's files: `file`, `fileexists`,
/// `filebase64` and the file hashes read through `read`. A file `read` does not have
/// is unknown, not an error: Vigil is not always given every file Terraform would see.
/// `fileset` and `templatefile` stay unknown (`templatefile` needs the evaluator).
/// The error Terraform reports for a call whatever its arguments' values: a removed
/// function, or the wrong number of arguments (`args` is `None` when an expanded
/// `...` argument makes the number unknown). `None` for a call that may succeed.
pub fn static_error(name: &str, args: Option<usize>) -> Option<String> {
    let name = name.strip_prefix("provider::terraform::").unwrap_or(name);
    if matches!(name, "list" | "map") {
        let suggestion = if name == "list" { "tolist([ ... ])" } else { "tomap({ ... })" };
        return Some(format!(
            "the \"{name}\" function was deprecated in Terraform v0.12 and is no longer available; use {suggestion} syntax"
        ));
    }
    let &(_, min, max) = ARITY.iter().find(|(n, _, _)| *n == name)?;
    let got = args?;
    (got < min || got > max).then(|| arity_message(min, max, got))
}

pub fn call_with_files(
    name: &str,
    args: Vec<Val>,
    read: ReadFile<'_>,
    limits: &vigil_syntax::Limits,
) -> Outcome {
    let name = name.strip_prefix("provider::terraform::").unwrap_or(name);
    let Some(&(_, min, max)) = ARITY.iter().find(|(n, _, _)| *n == name) else {
        return Outcome::Unknown;
    };
    if args.len() < min || args.len() > max {
        return Outcome::Error(arity_message(min, max, args.len()));
    }
    if !PARTIAL.contains(&name) && args.iter().any(Val::contains_unknown) {
        return Outcome::Unknown;
    }
    let result = match name {
        "file" | "fileexists" | "filebase64" | "filemd5" | "filesha1" | "filesha256" | "filesha512"
        | "filebase64sha256" | "filebase64sha512" => file_function(name, &args, read),
        "setproduct" => setproduct(&args, limits.setproduct_elements),
        _ => call_known(name, args),
    };
    match result {
        // A value this large is hostile input (`formatlist("%099999s", range(1024))`
        // in a resource with a count took 10 GB): said, not kept.
        Ok(Some(v)) if approx_size(&v) > limits.function_value_bytes() => Outcome::Error(format!(
            "the result is larger than {} MiB, Vigil's budget for one value: it is not evaluated ({})",
            limits.function_value_mib,
            vigil_syntax::Limits::hint("function_value_mib")
        )),
        Ok(Some(v)) => Outcome::Value(v),
        Ok(None) => Outcome::Unknown,
        Err(e) => Outcome::Error(e),
    }
}

/// About how many bytes a value holds: its strings, and a word per element.
fn approx_size(v: &Val) -> usize {
    match v {
        Val::Str(s) | Val::Unknown(s) => s.len(),
        Val::List(items) => items.iter().map(|i| 8 + approx_size(i)).sum(),
        Val::Map(map) => map.iter().map(|(k, v)| 8 + k.len() + approx_size(v)).sum(),
        _ => 8,
    }
}

fn arity_message(min: usize, max: usize, got: usize) -> String {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    if min == max {
        format!("expects {min} {}, got {got}", plural(min))
    } else if got < min {
        format!("expects at least {min} {}, got {got}", plural(min))
    } else {
        format!("expects at most {max} {}, got {got}", plural(max))
    }
}

/// Terraform equality: numbers compare by value, collections element by element,
/// values of different types are different.
pub fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::List(x), Val::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b)),
        (Val::Map(x), Val::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

/// Equality where unknowns may decide: `None` when the answer depends on an unknown.
fn equal_known(a: &Val, b: &Val) -> Option<bool> {
    match (a, b) {
        (Val::Unknown(_), _) | (_, Val::Unknown(_)) => None,
        (Val::List(x), Val::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (a, b) in x.iter().zip(y) {
                match equal_known(a, b) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            (!unknown).then_some(true)
        }
        (Val::Map(x), Val::Map(y)) => {
            if x.len() != y.len() || x.keys().ne(y.keys()) {
                return Some(false);
            }
            let mut unknown = false;
            for (a, b) in x.values().zip(y.values()) {
                match equal_known(a, b) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            (!unknown).then_some(true)
        }
        _ => Some(equal(a, b)),
    }
}

// ---------------------------------------------------------------------------------
// Arguments: Terraform's automatic conversions and its messages.

fn ok(v: Val) -> R {
    Ok(Some(v))
}

/// The friendly type name Terraform uses in messages. Lists are written as tuple
/// literals and maps as object literals, so those are the names given.
fn friendly(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "bool",
        Val::Num(_) => "number",
        Val::Str(_) => "string",
        Val::List(_) => "tuple",
        Val::Map(_) => "object",
        Val::Unknown(_) => "dynamic",
    }
}

fn invalid(param: &str, what: &str) -> String {
    format!("invalid value for \"{param}\" parameter: {what}")
}

fn not_null(v: &Val, param: &str) -> Result<(), String> {
    match v {
        Val::Null => Err(invalid(param, "argument must not be null")),
        _ => Ok(()),
    }
}

/// cty's conversion of a primitive to a string.
fn conv_string(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s.clone()),
        Val::Num(n) => Some(format_number(*n)),
        Val::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// cty's conversion of a primitive to a number: strings must be decimal numbers.
fn conv_number(v: &Val) -> Option<f64> {
    match v {
        Val::Num(n) => Some(*n),
        Val::Str(s) => parse_decimal(s),
        _ => None,
    }
}

/// cty's conversion of a primitive to a bool: "true", "false", "1" and "0".
fn conv_bool(v: &Val) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(*b),
        Val::Str(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn string_arg(v: &Val, param: &str) -> Result<String, String> {
    not_null(v, param)?;
    conv_string(v).ok_or_else(|| invalid(param, "string required"))
}

fn number_arg(v: &Val, param: &str) -> Result<f64, String> {
    not_null(v, param)?;
    match v {
        Val::Str(_) => conv_number(v).ok_or_else(|| invalid(param, "a number is required")),
        _ => conv_number(v).ok_or_else(|| invalid(param, "number required")),
    }
}

fn bool_arg(v: &Val, param: &str) -> Result<bool, String> {
    not_null(v, param)?;
    match v {
        Val::Str(_) => conv_bool(v).ok_or_else(|| invalid(param, "a bool is required")),
        _ => conv_bool(v).ok_or_else(|| invalid(param, "bool required")),
    }
}

/// A whole number, as cty's conversion to a Go `int` requires.
fn int_arg(v: &Val, param: &str) -> Result<i64, String> {
    let n = number_arg(v, param)?;
    whole(n).ok_or_else(|| {
        invalid(param, "value must be a whole number, between -9223372036854775808 and 9223372036854775807")
    })
}

fn whole(n: f64) -> Option<i64> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() < 9.2e18).then_some(n as i64)
}

fn list_arg(v: &Val, param: &str) -> Result<Vec<Val>, String> {
    not_null(v, param)?;
    match v {
        Val::List(items) => Ok(items.clone()),
        other => Err(invalid(param, &format!("list of any single type required, got {}", friendly(other)))),
    }
}

fn map_arg(v: &Val, param: &str) -> Result<BTreeMap<String, Val>, String> {
    not_null(v, param)?;
    match v {
        Val::Map(m) => Ok(m.clone()),
        other => Err(invalid(param, &format!("map of any single type required, got {}", friendly(other)))),
    }
}

/// The elements of a `list(string)` parameter: strings, or null.
fn string_list_arg(v: &Val, param: &str) -> Result<Vec<Option<String>>, String> {
    list_arg(v, param)?
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Val::Null => Ok(None),
            other => conv_string(other)
                .map(Some)
                .ok_or_else(|| invalid(param, &format!("element {i}: string required"))),
        })
        .collect()
}

/// A decimal number as cty parses one: an optional sign, digits with an optional
/// fraction, an optional exponent; no spaces, no `0x`, no underscores.
fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A number result: infinities are unknown (Vigil's values cannot carry them), NaN
/// is an error (cty cannot represent it).
fn num_result(n: f64) -> R {
    if n.is_nan() {
        Err("the result is not a number (NaN)".into())
    } else if n.is_infinite() {
        Ok(None)
    } else {
        ok(Val::Num(if n == 0.0 { 0.0 } else { n }))
    }
}

/// The primitive kinds of known, non-null elements.
#[derive(Default)]
struct Kinds {
    strings: bool,
    numbers: bool,
    bools: bool,
    collections: bool,
    unknowns: bool,
}

fn kinds(items: &[Val]) -> Kinds {
    let mut k = Kinds::default();
    for v in items {
        match v {
            Val::Str(_) => k.strings = true,
            Val::Num(_) => k.numbers = true,
            Val::Bool(_) => k.bools = true,
            Val::List(_) | Val::Map(_) => k.collections = true,
            Val::Unknown(_) => k.unknowns = true,
            Val::Null => {}
        }
    }
    k
}

/// Converts the elements of a collection to one type, as Terraform does when a tuple
/// or object becomes a list, set or map: strings mixed with numbers or bools make
/// everything strings. `Err(())` when there is no common type; `Ok(None)` when an
/// unknown element could change the common type.
fn unify(items: Vec<Val>) -> Result<Option<Vec<Val>>, ()> {
    let k = kinds(&items);
    let primitives = k.strings || k.numbers || k.bools;
    if k.collections && primitives {
        return Err(());
    }
    if k.numbers && k.bools && !k.strings {
        return Err(());
    }
    if k.unknowns && (k.numbers || k.bools) {
        return Ok(None);
    }
    if k.strings && (k.numbers || k.bools) {
        return Ok(Some(
            items
                .into_iter()
                .map(|v| match conv_string(&v) {
                    Some(s) => Val::Str(s),
                    None => v,
                })
                .collect(),
        ));
    }
    Ok(Some(items))
}

// ---------------------------------------------------------------------------------
// Dispatch.

fn call_known(name: &str, args: Vec<Val>) -> R {
    match name {
        "chomp" | "lower" | "upper" | "title" | "trimspace" | "strrev" | "trim" | "trimprefix"
        | "trimsuffix" | "startswith" | "endswith" | "strcontains" | "substr" | "indent" | "join"
        | "split" | "replace" | "format" | "formatlist" | "regex" | "regexall" => {
            string_function(name, &args)
        }
        "alltrue" | "anytrue" | "chunklist" | "coalesce" | "coalescelist" | "compact" | "concat"
        | "contains" | "distinct" | "element" | "flatten" | "index" | "keys" | "length" | "lookup"
        | "matchkeys" | "merge" | "one" | "range" | "reverse" | "slice" | "sort" | "sum" | "transpose"
        | "values" | "zipmap" | "list" | "map" => collection_function(name, &args),
        // `setproduct` is called with its budget by `call_with_files`.
        "setintersection" | "setsubtract" | "setsymmetricdifference" | "setunion" => {
            set_function(name, &args)
        }
        "base64decode" | "base64encode" | "jsondecode" | "jsonencode" | "yamldecode" | "yamlencode"
        | "urlencode" | "csvdecode" | "textencodebase64" | "textdecodebase64" => {
            encoding_function(name, &args)
        }
        "abs" | "ceil" | "floor" | "log" | "max" | "min" | "parseint" | "pow" | "signum" => {
            number_function(name, &args)
        }
        "cidrhost" | "cidrnetmask" | "cidrsubnet" | "cidrsubnets" => network_function(name, &args),
        "tostring" | "tonumber" | "tobool" | "tolist" | "toset" | "tomap" | "sensitive" | "nonsensitive"
        | "ephemeralasnull" => conversion_function(name, args),
        "formatdate" | "timeadd" | "timecmp" => time_function(name, &args),
        "md5" | "sha1" | "sha256" | "sha512" | "base64sha256" | "base64sha512" | "uuidv5" => {
            hash_function(name, &args)
        }
        "abspath" | "basename" | "dirname" | "pathexpand" => path_function(name, &args),
        // Known only when applied, or random, or not computed here: bcrypt, uuid,
        // timestamp, plantimestamp, rsadecrypt, base64gzip (Go's exact gzip output),
        // issensitive (Vigil does not track sensitivity), type (only meaningful in the
        // console), templatestring, fileset and templatefile.
        _ => Ok(None),
    }
}

fn file_function(name: &str, args: &[Val], read: ReadFile<'_>) -> R {
    let path = string_arg(&args[0], "path")?;
    let Some(text) = read(&path) else { return Ok(None) };
    // A binary file (a Lambda zip) arrives as its bytes in base64 behind a marker.
    let binary = crate::binary_content(&text);
    let bytes = binary.as_deref().unwrap_or(text.as_bytes());
    ok(Val::Str(match name {
        "file" if binary.is_some() => {
            // Terraform's words.
            return Err(format!(
                "contents of {} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead",
                go_quote(&path)
            ));
        }
        "file" => text.clone(),
        "fileexists" => return ok(Val::Bool(true)),
        "filebase64" => go_base64().encode(bytes),
        "filemd5" => hex(&md5(bytes)),
        "filesha1" => hex(&sha1(bytes)),
        "filesha256" => hex(&sha256(bytes)),
        "filesha512" => hex(&sha512(bytes)),
        "filebase64sha256" => go_base64().encode(sha256(bytes)),
        _ => go_base64().encode(sha512(bytes)),
    }))
}

// ---------------------------------------------------------------------------------
// Strings.

fn string_function(name: &str, args: &[Val]) -> R {
    match name {
        "chomp" => {
            let s = string_arg(&args[0], "str")?;
            ok(Val::Str(s.trim_end_matches(['\r', '\n']).to_string()))
        }
        "lower" => ok(Val::Str(go_lower(&string_arg(&args[0], "str")?))),
        "upper" => ok(Val::Str(go_upper(&string_arg(&args[0], "str")?))),
        "title" => ok(Val::Str(go_title(&string_arg(&args[0], "str")?))),
        "trimspace" => ok(Val::Str(string_arg(&args[0], "str")?.trim().to_string())),
        "strrev" => {
            let s = string_arg(&args[0], "str")?;
            ok(Val::Str(graphemes(&s).into_iter().rev().collect()))
        }
        "trim" => {
            let s = string_arg(&args[0], "str")?;
            let cut = string_arg(&args[1], "cutset")?;
            ok(Val::Str(s.trim_matches(|c| cut.contains(c)).to_string()))
        }
        "trimprefix" => {
            let s = string_arg(&args[0], "str")?;
            let p = string_arg(&args[1], "prefix")?;
            ok(Val::Str(s.strip_prefix(p.as_str()).unwrap_or(&s).to_string()))
        }
        "trimsuffix" => {
            let s = string_arg(&args[0], "str")?;
            let p = string_arg(&args[1], "suffix")?;
            ok(Val::Str(s.strip_suffix(p.as_str()).unwrap_or(&s).to_string()))
        }
        "startswith" => {
            ok(Val::Bool(string_arg(&args[0], "str")?.starts_with(&string_arg(&args[1], "prefix")?)))
        }
        "endswith" => ok(Val::Bool(string_arg(&args[0], "str")?.ends_with(&string_arg(&args[1], "suffix")?))),
        "strcontains" => {
            ok(Val::Bool(string_arg(&args[0], "str")?.contains(&string_arg(&args[1], "substr")?)))
        }
        "substr" => {
            let s = string_arg(&args[0], "str")?;
            let offset = int_arg(&args[1], "offset")?;
            let length = int_arg(&args[2], "length")?;
            ok(Val::Str(substr(&s, offset, length)))
        }
        "indent" => {
            let spaces = int_arg(&args[0], "spaces")?;
            let s = string_arg(&args[1], "str")?;
            let count = usize::try_from(spaces).map_err(|_| invalid("spaces", "must not be negative"))?;
            if count > MAX_PAD {
                return Ok(None);
            }
            ok(Val::Str(s.replace('\n', &format!("\n{}", " ".repeat(count)))))
        }
        "join" => {
            let sep = string_arg(&args[0], "separator")?;
            let lists = &args[1..];
            if lists.is_empty() {
                return Err("at least one list is required".into());
            }
            let mut items = Vec::new();
            for (li, list) in lists.iter().enumerate() {
                for (ei, item) in string_list_arg(list, "lists")?.into_iter().enumerate() {
                    match item {
                        Some(s) => items.push(s),
                        None if lists.len() > 1 => {
                            return Err(format!(
                                "element {ei} of list {} is null; cannot concatenate null values",
                                li + 1
                            ))
                        }
                        None => return Err(format!("element {ei} is null; cannot concatenate null values")),
                    }
                }
            }
            ok(Val::Str(items.join(&sep)))
        }
        "split" => {
            let sep = string_arg(&args[0], "separator")?;
            let s = string_arg(&args[1], "str")?;
            let parts: Vec<Val> = if sep.is_empty() {
                s.chars().map(|c| Val::Str(c.to_string())).collect()
            } else {
                s.split(sep.as_str()).map(|p| Val::Str(p.to_string())).collect()
            };
            ok(Val::List(parts))
        }
        "replace" => {
            let s = string_arg(&args[0], "str")?;
            let from = string_arg(&args[1], "substr")?;
            let to = string_arg(&args[2], "replace")?;
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                let pattern = &from[1..from.len() - 1];
                let re = go_regex(pattern).map_err(|e| format!("error parsing regexp: {e}: `{pattern}`"))?;
                // Go's ReplaceAllString expands `$1`, `${name}` and `$$` as the regex
                // crate does.
                return ok(Val::Str(re.replace_all(&s, to.as_str()).into_owned()));
            }
            ok(Val::Str(s.replace(&from, &to)))
        }
        "format" => {
            let fmt = string_arg(&args[0], "format")?;
            Ok(format_go(&fmt, &args[1..])?.map(Val::Str))
        }
        "formatlist" => formatlist(args),
        "regex" | "regexall" => {
            let pattern = string_arg(&args[0], "pattern")?;
            let s = string_arg(&args[1], "string")?;
            let re = go_regex(&pattern).map_err(|e| format!("invalid regexp pattern: {e} in {pattern}"))?;
            let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
            let named = names.iter().filter(|n| n.is_some()).count();
            if named > 0 && named < names.len() {
                return Err("invalid regexp pattern: cannot mix both named and unnamed capture groups".into());
            }
            let capture = |c: &regex::Captures<'_>| -> Val {
                let group = |i: usize| c.get(i).map_or(Val::Null, |m| Val::Str(m.as_str().to_string()));
                if names.is_empty() {
                    group(0)
                } else if named > 0 {
                    Val::Map(
                        names
                            .iter()
                            .enumerate()
                            .filter_map(|(i, n)| Some(((*n)?.to_string(), group(i + 1))))
                            .collect(),
                    )
                } else {
                    Val::List((1..=names.len()).map(group).collect())
                }
            };
            if name == "regex" {
                let c = re.captures(&s).ok_or("pattern did not match any part of the given string")?;
                return ok(capture(&c));
            }
            // Go ignores an empty match that abuts the preceding match.
            let mut out = Vec::new();
            let mut last_end = None;
            for c in re.captures_iter(&s) {
                let Some(m) = c.get(0) else { continue };
                if m.is_empty() && last_end == Some(m.start()) {
                    continue;
                }
                last_end = Some(m.end());
                out.push(capture(&c));
            }
            ok(Val::List(out))
        }
        _ => Ok(None),
    }
}

/// Go's `strings.ToUpper`: one character for one, by the simple case mapping.
fn go_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

fn go_lower(s: &str) -> String {
    s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

/// Go's `strings.Title`: the first letter after a separator becomes title case.
fn go_title(s: &str) -> String {
    fn separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if separator(prev) {
                match c {
                    'Ǆ' | 'ǅ' | 'ǆ' => 'ǅ',
                    'Ǉ' | 'ǈ' | 'ǉ' => 'ǈ',
                    'Ǌ' | 'ǋ' | 'ǌ' => 'ǋ',
                    'Ǳ' | 'ǲ' | 'ǳ' => 'ǲ',
                    _ => go_upper(&c.to_string()).chars().next().unwrap_or(c),
                }
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

/// cty's `substr`, counting user-perceived characters (grapheme clusters), with its
/// edge cases: a negative offset counts from the end, a length of -1 takes the rest.
fn substr(s: &str, offset: i64, length: i64) -> String {
    let g = graphemes(s);
    let total = g.len() as i64;
    let mut offset = offset;
    if offset < 0 {
        offset += total;
    } else if length == 0 {
        return String::new();
    }
    let start = if offset > 0 {
        if offset >= total {
            return String::new();
        }
        offset as usize
    } else {
        0
    };
    let rest = &g[start..];
    if length < 0 {
        return rest.concat();
    }
    // cty counts characters until it has `length` of them; with a length of 0 (only
    // reachable with a negative offset) the count never matches and it takes the rest.
    let take = if length == 0 { rest.len() } else { (length as usize).min(rest.len()) };
    rest[..take].concat()
}

/// The expression text of the first unknown inside `v`.
fn first_unknown(v: &Val) -> Option<&str> {
    match v {
        Val::Unknown(text) => Some(text),
        Val::List(items) => items.iter().find_map(first_unknown),
        Val::Map(m) => m.values().find_map(first_unknown),
        _ => None,
    }
}

/// `formatlist`: list arguments are iterated together, others repeat.
fn formatlist(args: &[Val]) -> R {
    let fmt = match &args[0] {
        Val::Unknown(_) => return Ok(None),
        v => string_arg(v, "format")?,
    };
    let rest = &args[1..];
    if rest.is_empty() {
        return Ok(format_go(&fmt, &[])?.map(|s| Val::List(vec![Val::Str(s)])));
    }
    let mut len: Option<(usize, usize)> = None;
    for (i, a) in rest.iter().enumerate() {
        match a {
            Val::Unknown(_) => return Ok(None),
            Val::List(items) => match len {
                None => len = Some((items.len(), i)),
                Some((n, j)) if n != items.len() => {
                    return Err(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {n}",
                        i + 1,
                        items.len(),
                        j + 1
                    ))
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    let n = len.map_or(1, |(n, _)| n);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let row: Vec<Val> = rest
            .iter()
            .map(|a| match a {
                Val::List(items) => items.get(i).cloned().unwrap_or(Val::Null),
                other => other.clone(),
            })
            .collect();
        if let Some(text) = row.iter().find_map(first_unknown) {
            out.push(Val::Unknown(text.to_string()));
            continue;
        }
        match format_go(&fmt, &row).map_err(|e| format!("error on format iteration {i}: {e}"))? {
            Some(s) => out.push(Val::Str(s)),
            None => return Ok(None),
        }
    }
    ok(Val::List(out))
}

// ---------------------------------------------------------------------------------
// format(): cty's verbs, flags, widths and precisions; numbers as Go formats them.

/// The largest width, precision or indentation Vigil writes out.
const MAX_PAD: usize = 100_000;

#[derive(Default)]
struct Verb {
    raw: String,
    offset: usize,
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Formats like cty's `format`. `Ok(None)` for a width or precision taken from an
/// argument (`%*d`), which Vigil does not evaluate.
fn format_go(fmt: &str, args: &[Val]) -> Result<Option<String>, String> {
    let b = fmt.as_bytes();
    let mut out = String::new();
    let mut next_arg = 1;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            let ch = fmt[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        if b.get(i + 1) == Some(&b'%') {
            out.push('%');
            i += 2;
            continue;
        }
        let start = i;
        i += 1;
        let mut verb = Verb { arg: next_arg, offset: start, ..Verb::default() };
        while let Some(&c) = b.get(i) {
            match c {
                b'0' => verb.zero = true,
                b'#' => verb.sharp = true,
                b'-' => verb.minus = true,
                b'+' => verb.plus = true,
                b' ' => verb.space = true,
                _ => break,
            }
            i += 1;
        }
        if b.get(i) == Some(&b'[') {
            i += 1;
            let (n, len) = leading_number(&b[i..]);
            if len == 0 || b.get(i) == Some(&b'0') {
                return Err(unrecognized(fmt, i));
            }
            i += len;
            if b.get(i) != Some(&b']') {
                return Err(unrecognized(fmt, i));
            }
            i += 1;
            verb.arg = n;
        }
        if b.get(i) == Some(&b'*') {
            return Ok(None);
        }
        if b.get(i).is_some_and(|c| (b'1'..=b'9').contains(c)) {
            let (n, len) = leading_number(&b[i..]);
            verb.width = Some(n);
            i += len;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if b.get(i) == Some(&b'*') {
                return Ok(None);
            }
            let (n, len) = leading_number(&b[i..]);
            verb.prec = Some(n);
            i += len;
        }
        if verb.width.max(verb.prec).is_some_and(|n| n > MAX_PAD) {
            // Terraform would build the string; Vigil does not allocate that much.
            return Ok(None);
        }
        match b.get(i) {
            None => return Err(format!("invalid format string starting at offset {}", b.len())),
            Some(c) if c.is_ascii_alphabetic() => {
                verb.mode = *c as char;
                i += 1;
                verb.raw = fmt[start..i].to_string();
                if !format_verb(&verb, args, &mut out)? {
                    return Ok(None);
                }
                next_arg = verb.arg + 1;
            }
            Some(_) => return Err(unrecognized(fmt, i)),
        }
    }
    Ok(Some(out))
}

fn leading_number(b: &[u8]) -> (usize, usize) {
    let len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = b[..len].iter().fold(0usize, |n, d| n.saturating_mul(10).saturating_add(usize::from(d - b'0')));
    (n, len)
}

fn unrecognized(fmt: &str, at: usize) -> String {
    let ch = fmt.get(at..).and_then(|s| s.chars().next()).unwrap_or('\u{fffd}');
    format!("unrecognized format character '{ch}' at offset {at}")
}

/// Appends one verb's output; `Ok(false)` when the result cannot be known exactly.
fn format_verb(verb: &Verb, args: &[Val], out: &mut String) -> Result<bool, String> {
    let arg = args.get(verb.arg.wrapping_sub(1)).ok_or_else(|| {
        format!(
            "not enough arguments for \"{}\" at {}: need index {} but have {} total",
            verb.raw,
            verb.offset,
            verb.arg,
            args.len()
        )
    })?;
    let unsupported =
        |what: &str| format!("unsupported value for \"{}\" at {}: {what}", verb.raw, verb.offset);
    if verb.mode != 'v' && matches!(arg, Val::Null) {
        return Err(unsupported("null value cannot be formatted"));
    }
    match verb.mode {
        'v' => {
            let s = match arg {
                Val::Str(s) if !verb.sharp => s.clone(),
                Val::Num(n) if !verb.sharp => go_float(*n, 'g', -1),
                other => json_encode(other).ok_or_else(|| unsupported("value is not known"))?,
            };
            out.push_str(&pad_width(verb, s));
        }
        't' => {
            let b = match arg {
                Val::Str(_) => conv_bool(arg).ok_or_else(|| unsupported("a bool is required"))?,
                _ => conv_bool(arg).ok_or_else(|| unsupported("bool required"))?,
            };
            out.push_str(if b { "true" } else { "false" });
        }
        'b' | 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = match arg {
                Val::Str(_) => conv_number(arg).ok_or_else(|| unsupported("a number is required"))?,
                _ => conv_number(arg).ok_or_else(|| unsupported("number required"))?,
            };
            if matches!(verb.mode, 'b' | 'd' | 'o' | 'x' | 'X') {
                if !n.is_finite() || n.fract() != 0.0 {
                    return Err(unsupported("an integer is required"));
                }
                if n.abs() >= 1.7e38 {
                    // Beyond 128 bits Vigil's numbers are not exact.
                    return Ok(false);
                }
                out.push_str(&go_format_int(n, verb));
            } else {
                out.push_str(&go_format_float(n, verb));
            }
        }
        's' | 'q' => {
            let mut s = conv_string(arg).ok_or_else(|| unsupported("string required"))?;
            if let Some(p) = verb.prec.filter(|p| *p > 0) {
                s = graphemes(&s).into_iter().take(p).collect();
            }
            if verb.mode == 'q' {
                s = go_json_string(&s);
            }
            out.push_str(&pad_width(verb, s));
        }
        other => {
            return Err(format!(
                "unsupported format verb '{other}' in \"{}\" at offset {}",
                verb.raw, verb.offset
            ))
        }
    }
    Ok(true)
}

/// cty's padding for `%v`, `%s` and `%q`: widths count grapheme clusters.
fn pad_width(verb: &Verb, s: String) -> String {
    let Some(width) = verb.width else { return s };
    let len = graphemes(&s).len();
    if len >= width {
        return s;
    }
    let pad = (if verb.zero { "0" } else { " " }).repeat(width - len);
    if verb.minus {
        s + &pad
    } else {
        pad + &s
    }
}

/// Go's `big.Int` formatting for `%b %d %o %x %X` with flags, width and precision.
fn go_format_int(n: f64, verb: &Verb) -> String {
    let digits_of = |mag: u128| match verb.mode {
        'b' => format!("{mag:b}"),
        'o' => format!("{mag:o}"),
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        _ => format!("{mag}"),
    };
    let neg = n < 0.0;
    let digits = digits_of(n.abs() as u128);
    let sign = if neg {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = verb.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return String::new();
        }
    }
    let (mut left, mut right) = (0, 0);
    let length = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(w) = verb.width.filter(|w| length < *w) {
        let d = w - length;
        if verb.minus {
            right = d;
        } else if verb.zero && verb.prec.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!("{}{sign}{prefix}{}{digits}{}", " ".repeat(left), "0".repeat(zeros), " ".repeat(right))
}

/// Go's `big.Float` formatting for `%e %E %f %g %G` with flags, width and precision.
fn go_format_float(n: f64, verb: &Verb) -> String {
    let prec = match (verb.mode, verb.prec) {
        ('g' | 'G', None) => -1,
        (_, None) => 6,
        (_, Some(p)) => p as i32,
    };
    let mut buf = go_float(n, verb.mode, prec);
    let sign = if let Some(rest) = buf.strip_prefix('-') {
        buf = rest.to_string();
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let padding = verb.width.map_or(0, |w| w.saturating_sub(sign.len() + buf.len()));
    if verb.zero {
        format!("{sign}{}{buf}", "0".repeat(padding))
    } else if verb.minus {
        format!("{sign}{buf}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{buf}", " ".repeat(padding))
    }
}

/// The shortest decimal digits that identify `x` (no trailing zeros) and the
/// position of the decimal point, as Go's `decimal` holds them. Zero has no digits.
fn shortest_digits(x: f64) -> (Vec<u8>, i32) {
    if x == 0.0 || !x.is_finite() {
        return (Vec::new(), 0);
    }
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exp.parse::<i32>().unwrap_or(0) + 1)
}

/// Go's `decimal.round`: to `n` significant digits, halves to even.
fn round_digits(mant: &mut Vec<u8>, exp: &mut i32, n: i32) {
    if n < 0 || n as usize >= mant.len() {
        return;
    }
    let n = n as usize;
    let up = if mant[n] == b'5' && n + 1 == mant.len() {
        n > 0 && (mant[n - 1] - b'0') % 2 == 1
    } else {
        mant[n] >= b'5'
    };
    if up {
        let mut k = n;
        while k > 0 && mant[k - 1] >= b'9' {
            k -= 1;
        }
        if k == 0 {
            mant.clear();
            mant.push(b'1');
            *exp += 1;
            return;
        }
        mant[k - 1] += 1;
        mant.truncate(k);
    } else {
        mant.truncate(n);
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        if mant.is_empty() {
            *exp = 0;
        }
    }
}

/// Go's `big.Float.Text(fmt, prec)`; `prec < 0` is the shortest representation.
fn go_float(x: f64, fmt: char, prec: i32) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let (mut mant, mut exp) = shortest_digits(x);
    let shortest = prec < 0;
    let mut prec = prec;
    if shortest {
        prec = match fmt {
            'e' | 'E' => mant.len() as i32 - 1,
            'f' => (mant.len() as i32 - exp).max(0),
            _ => mant.len() as i32,
        };
    } else {
        match fmt {
            'e' | 'E' => round_digits(&mut mant, &mut exp, 1 + prec),
            'f' => {
                let n = exp + prec;
                round_digits(&mut mant, &mut exp, n);
            }
            _ => {
                if prec == 0 {
                    prec = 1;
                }
                round_digits(&mut mant, &mut exp, prec);
            }
        }
    }
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    match fmt {
        'e' | 'E' => fmt_e(&mut out, fmt, prec, &mant, exp),
        'f' => fmt_f(&mut out, prec, &mant, exp),
        _ => {
            let mut eprec = prec;
            if eprec > mant.len() as i32 && mant.len() as i32 >= exp {
                eprec = mant.len() as i32;
            }
            if shortest {
                eprec = 6;
            }
            let e = exp - 1;
            let efmt = if fmt == 'G' { 'E' } else { 'e' };
            if e < -4 || e >= eprec {
                let p = prec.min(mant.len() as i32);
                fmt_e(&mut out, efmt, p - 1, &mant, exp);
            } else {
                let p = if prec > exp { mant.len() as i32 } else { prec };
                fmt_f(&mut out, (p - exp).max(0), &mant, exp);
            }
        }
    }
    out
}

fn fmt_e(out: &mut String, fmt: char, prec: i32, mant: &[u8], exp: i32) {
    out.push(mant.first().map_or('0', |d| *d as char));
    if prec > 0 {
        out.push('.');
        let m = mant.len().min(prec as usize + 1);
        for d in mant.iter().take(m).skip(1) {
            out.push(*d as char);
        }
        for _ in m.max(1)..=prec as usize {
            out.push('0');
        }
    }
    out.push(fmt);
    let e = if mant.is_empty() { 0 } else { exp - 1 };
    out.push(if e < 0 { '-' } else { '+' });
    if e.abs() < 10 {
        out.push('0');
    }
    out.push_str(&e.abs().to_string());
}

fn fmt_f(out: &mut String, prec: i32, mant: &[u8], exp: i32) {
    if exp > 0 {
        let m = mant.len().min(exp as usize);
        out.extend(mant[..m].iter().map(|d| *d as char));
        for _ in m..exp as usize {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            let at = exp + i;
            let d = if at >= 0 { mant.get(at as usize).copied().unwrap_or(b'0') } else { b'0' };
            out.push(d as char);
        }
    }
}

/// A string as Go's `encoding/json` writes it: HTML characters and the line and
/// paragraph separators escaped, as Terraform's `jsonencode` does.
fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------
// Grapheme clusters (what Terraform counts as characters), after Unicode's rules
// (UAX #29) for the scripts and emoji in common use.

#[derive(Clone, Copy, PartialEq)]
enum Gcb {
    Cr,
    Lf,
    Control,
    Extend,
    Zwj,
    Ri,
    L,
    V,
    T,
    Lv,
    Lvt,
    Pict,
    Other,
}

const EXTEND: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0711, 0x0711),
    (0x0730, 0x074A),
    (0x07A6, 0x07B0),
    (0x07EB, 0x07F3),
    (0x0900, 0x0903),
    (0x093A, 0x093C),
    (0x093E, 0x094F),
    (0x0951, 0x0957),
    (0x0962, 0x0963),
    (0x0981, 0x0983),
    (0x09BC, 0x09BC),
    (0x09BE, 0x09CD),
    (0x09D7, 0x09D7),
    (0x09E2, 0x09E3),
    (0x0A01, 0x0A03),
    (0x0A3C, 0x0A4D),
    (0x0A70, 0x0A71),
    (0x0A81, 0x0A83),
    (0x0ABC, 0x0ABC),
    (0x0ABE, 0x0ACD),
    (0x0AE2, 0x0AE3),
    (0x0B01, 0x0B03),
    (0x0B3C, 0x0B3C),
    (0x0B3E, 0x0B57),
    (0x0B62, 0x0B63),
    (0x0B82, 0x0B82),
    (0x0BBE, 0x0BCD),
    (0x0BD7, 0x0BD7),
    (0x0C00, 0x0C04),
    (0x0C3C, 0x0C3C),
    (0x0C3E, 0x0C56),
    (0x0C62, 0x0C63),
    (0x0C81, 0x0C83),
    (0x0CBC, 0x0CBC),
    (0x0CBE, 0x0CD6),
    (0x0CE2, 0x0CE3),
    (0x0D00, 0x0D03),
    (0x0D3B, 0x0D3C),
    (0x0D3E, 0x0D4D),
    (0x0D57, 0x0D57),
    (0x0D62, 0x0D63),
    (0x0D81, 0x0D83),
    (0x0DCA, 0x0DDF),
    (0x0DF2, 0x0DF3),
    (0x0E31, 0x0E31),
    (0x0E33, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1),
    (0x0EB3, 0x0EBC),
    (0x0EC8, 0x0ECE),
    (0x0F18, 0x0F19),
    (0x0F35, 0x0F35),
    (0x0F37, 0x0F37),
    (0x0F39, 0x0F39),
    (0x0F3E, 0x0F3F),
    (0x0F71, 0x0F84),
    (0x0F86, 0x0F87),
    (0x0F8D, 0x0FBC),
    (0x0FC6, 0x0FC6),
    (0x102B, 0x103E),
    (0x1056, 0x1059),
    (0x105E, 0x1060),
    (0x1062, 0x1064),
    (0x1067, 0x106D),
    (0x1071, 0x1074),
    (0x1082, 0x108D),
    (0x108F, 0x108F),
    (0x109A, 0x109D),
    (0x17B4, 0x17D3),
    (0x17DD, 0x17DD),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200C, 0x200C),
    (0x20D0, 0x20FF),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFF9E, 0xFF9F),
    (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
];

const PICTOGRAPHIC: &[(u32, u32)] = &[
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21AA),
    (0x231A, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1F1E5),
    (0x1F200, 0x1F3FA),
    (0x1F400, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
];

fn in_ranges(c: u32, ranges: &[(u32, u32)]) -> bool {
    ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c))
}

fn gcb(c: char) -> Gcb {
    let u = c as u32;
    match u {
        0x0D => Gcb::Cr,
        0x0A => Gcb::Lf,
        0x200D => Gcb::Zwj,
        0x1F1E6..=0x1F1FF => Gcb::Ri,
        0x1100..=0x115F | 0xA960..=0xA97C => Gcb::L,
        0x1160..=0x11A7 | 0xD7B0..=0xD7C6 => Gcb::V,
        0x11A8..=0x11FF | 0xD7CB..=0xD7FB => Gcb::T,
        0xAC00..=0xD7A3 => {
            if (u - 0xAC00).is_multiple_of(28) {
                Gcb::Lv
            } else {
                Gcb::Lvt
            }
        }
        0x00AD | 0x200B | 0x200E | 0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF0..=0xFFFB => {
            Gcb::Control
        }
        _ if c.is_control() => Gcb::Control,
        // Spacing marks are in EXTEND too: both join the character before them.
        _ if in_ranges(u, EXTEND) => Gcb::Extend,
        _ if in_ranges(u, PICTOGRAPHIC) => Gcb::Pict,
        _ => Gcb::Other,
    }
}

/// Splits a string into grapheme clusters.
fn graphemes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Gcb> = None;
    let mut ri_run = 0usize;
    let mut after_pict = false;
    for (i, c) in s.char_indices() {
        let cur = gcb(c);
        if let Some(p) = prev {
            let join = match (p, cur) {
                (Gcb::Cr, Gcb::Lf) => true,
                (Gcb::Cr | Gcb::Lf | Gcb::Control, _) | (_, Gcb::Cr | Gcb::Lf | Gcb::Control) => false,
                (Gcb::L, Gcb::L | Gcb::V | Gcb::Lv | Gcb::Lvt) => true,
                (Gcb::Lv | Gcb::V, Gcb::V | Gcb::T) => true,
                (Gcb::Lvt | Gcb::T, Gcb::T) => true,
                (_, Gcb::Extend | Gcb::Zwj) => true,
                (Gcb::Zwj, Gcb::Pict) => after_pict,
                (Gcb::Ri, Gcb::Ri) => ri_run % 2 == 1,
                _ => false,
            };
            if !join {
                out.push(&s[start..i]);
                start = i;
            }
        }
        ri_run = if cur == Gcb::Ri { ri_run + 1 } else { 0 };
        after_pict = match cur {
            Gcb::Pict => true,
            Gcb::Extend | Gcb::Zwj => after_pict,
            _ => false,
        };
        prev = Some(cur);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

// ---------------------------------------------------------------------------------
// Regular expressions: Go's RE2 syntax on the regex crate.

/// Compiles a Go (RE2) pattern. The regex crate reads the same syntax except that its
/// `\d`, `\w`, `\s` and `\b` are Unicode-aware (Go's are ASCII), it has nested
/// classes and class set operators, and it rejects a `{` that is not a repetition;
/// those are rewritten to what Go means. The error is the reason the pattern is
/// invalid.
fn go_regex(pattern: &str) -> Result<regex::Regex, String> {
    let translated = translate_re2(pattern);
    regex::RegexBuilder::new(&translated).size_limit(1 << 22).build().map_err(|e| {
        let text = e.to_string();
        let reason = text.lines().last().unwrap_or("invalid pattern").trim();
        reason.strip_prefix("error: ").unwrap_or(reason).to_string()
    })
}

fn translate_re2(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&e) = chars.get(i + 1) else {
                out.push('\\');
                break;
            };
            i += 2;
            let class_body = match e {
                'd' => Some("0-9"),
                'D' => Some("\\x00-\\x2F\\x3A-\\x{10FFFF}"),
                'w' => Some("0-9A-Za-z_"),
                'W' => Some("\\x00-\\x2F\\x3A-\\x40\\x5B-\\x5E\\x60\\x7B-\\x{10FFFF}"),
                's' => Some("\\t\\n\\x0C\\r "),
                'S' => Some("\\x00-\\x08\\x0B\\x0E-\\x1F\\x21-\\x{10FFFF}"),
                _ => None,
            };
            match (class_body, in_class) {
                (Some(body), true) => out.push_str(body),
                (Some(body), false) => {
                    out.push('[');
                    out.push_str(body);
                    out.push(']');
                }
                (None, false) if e == 'b' || e == 'B' => {
                    out.push_str(if e == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
                }
                (None, _) if e == 'Q' => {
                    let mut lit = String::new();
                    while i < chars.len() && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E')) {
                        lit.push(chars[i]);
                        i += 1;
                    }
                    i += 2;
                    out.push_str(&regex::escape(&lit));
                }
                (None, _) => {
                    out.push('\\');
                    out.push(e);
                }
            }
            continue;
        }
        if in_class {
            match c {
                ']' => in_class = false,
                '[' if chars.get(i + 1) == Some(&':') => {
                    // An ASCII class like [:alpha:]: copy it whole.
                    let end = (i + 2..chars.len().saturating_sub(1))
                        .find(|&j| chars[j] == ':' && chars[j + 1] == ']')
                        .map_or(i, |j| j + 1);
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                    continue;
                }
                '[' | '&' | '~' => out.push('\\'),
                '-' if out.ends_with('-') && !out.ends_with("\\-") => out.push('\\'),
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
                continue;
            }
            '{' => {
                let rest: String = chars[i..].iter().take(24).collect();
                let repetition = rest.find('}').map(|end| &rest[1..end]).is_some_and(|inner| {
                    let (a, b) = inner.split_once(',').unwrap_or((inner, "0"));
                    !a.is_empty()
                        && a.chars().all(|d| d.is_ascii_digit())
                        && b.chars().all(|d| d.is_ascii_digit())
                });
                if !repetition {
                    out.push('\\');
                }
            }
            '}' => {
                // A closing brace that ends no repetition is a literal in Go.
                let open = out.rfind('{');
                let escaped_open = open.is_some_and(|o| o > 0 && out[..o].ends_with('\\'));
                if open.is_none() || escaped_open || out[open.unwrap_or(0)..].contains('}') {
                    out.push('\\');
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------
// Collections.

fn num(n: usize) -> R {
    ok(Val::Num(n as f64))
}

/// The elements of a `list(any)` parameter, converted to one type.
fn unified(items: Vec<Val>, param: &str) -> Result<Option<Vec<Val>>, String> {
    unify(items).map_err(|()| invalid(param, "all list elements must have the same type"))
}

fn collection_function(name: &str, args: &[Val]) -> R {
    match name {
        "alltrue" | "anytrue" => {
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                v => list_arg(v, "list")?,
            };
            let mut bools = Vec::with_capacity(items.len());
            for item in &items {
                bools.push(match item {
                    Val::Unknown(_) => None,
                    Val::Null => Some(None),
                    v => Some(Some(bool_arg(v, "list")?)),
                });
            }
            let all = name == "alltrue";
            let mut unknown = false;
            for b in bools {
                match b {
                    None if all => return Ok(None),
                    None => unknown = true,
                    Some(None) if all => return ok(Val::Bool(false)),
                    Some(None) => {}
                    Some(Some(false)) if all => return ok(Val::Bool(false)),
                    Some(Some(true)) if !all => return ok(Val::Bool(true)),
                    Some(Some(_)) => {}
                }
            }
            if unknown {
                return Ok(None);
            }
            ok(Val::Bool(all))
        }
        "chunklist" => {
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                v => list_arg(v, "list")?,
            };
            if args[1].is_unknown() {
                return Ok(None);
            }
            let Some(items) = unified(items, "list")? else { return Ok(None) };
            if items.is_empty() {
                return ok(Val::List(vec![]));
            }
            let size = int_arg(&args[1], "size").map_err(|e| format!("invalid index: {e}"))?;
            if size < 0 {
                return Err("the size argument must be positive".into());
            }
            if size == 0 {
                return ok(Val::List(vec![Val::List(items)]));
            }
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            ok(Val::List(items.chunks(size).map(|c| Val::List(c.to_vec())).collect()))
        }
        "coalesce" => coalesce(args),
        "coalescelist" => {
            for a in args {
                match a {
                    Val::Unknown(_) => break,
                    Val::List(_) => {}
                    _ => return Err("coalescelist arguments must be lists or tuples".into()),
                }
            }
            for a in args {
                match a {
                    Val::List(items) if items.is_empty() => continue,
                    Val::List(_) => return ok(a.clone()),
                    _ => return Ok(None),
                }
            }
            Err("no non-null arguments".into())
        }
        "compact" => {
            let items = string_list_arg(&args[0], "list")?;
            ok(Val::List(items.into_iter().flatten().filter(|s| !s.is_empty()).map(Val::Str).collect()))
        }
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                match a {
                    Val::Unknown(_) => return Ok(None),
                    Val::List(items) => out.extend(items.iter().cloned()),
                    Val::Null => return Err(invalid("seqs", "argument must not be null")),
                    other => {
                        return Err(format!("all arguments must be lists or tuples; got {}", friendly(other)))
                    }
                }
            }
            ok(Val::List(out))
        }
        "contains" => {
            if args[1].is_unknown() {
                return Ok(None);
            }
            not_null(&args[1], "value")?;
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                Val::List(items) => items,
                Val::Null => return Err(invalid("list", "argument must not be null")),
                _ => return Err("argument must be list, tuple, or set".into()),
            };
            let mut unknown = false;
            for v in items {
                match equal_known(&args[1], v) {
                    Some(true) => return ok(Val::Bool(true)),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            if unknown {
                return Ok(None);
            }
            ok(Val::Bool(false))
        }
        "distinct" => {
            let Some(items) = unified(list_arg(&args[0], "list")?, "list")? else { return Ok(None) };
            ok(Val::List(distinct(items)))
        }
        "element" => {
            if args[1].is_unknown() {
                return Ok(None);
            }
            let n = number_arg(&args[1], "index")?;
            if n < 0.0 {
                return Err("cannot use element function with a negative index".into());
            }
            let index = whole(n).ok_or(
                "invalid index: value must be a whole number, between -9223372036854775808 and \
                 9223372036854775807",
            )?;
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                Val::List(items) => items,
                Val::Null => return Err(invalid("list", "argument must not be null")),
                other => return Err(format!("cannot read elements from {}", friendly(other))),
            };
            if items.is_empty() {
                return Err("cannot use element function with an empty list".into());
            }
            let i = usize::try_from(index).unwrap_or(0) % items.len();
            ok(items[i].clone())
        }
        "flatten" => {
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                Val::List(items) => items,
                Val::Null => return Err(invalid("list", "argument must not be null")),
                _ => return Err("can only flatten lists, sets and tuples".into()),
            };
            // An unknown element might be a list, which would change the length.
            fn flat(items: &[Val], out: &mut Vec<Val>) -> bool {
                for item in items {
                    match item {
                        Val::List(inner) => {
                            if !flat(inner, out) {
                                return false;
                            }
                        }
                        Val::Unknown(_) => return false,
                        other => out.push(other.clone()),
                    }
                }
                true
            }
            let mut out = Vec::new();
            if !flat(items, &mut out) {
                return Ok(None);
            }
            ok(Val::List(out))
        }
        "index" => {
            if args[1].is_unknown() {
                return Ok(None);
            }
            not_null(&args[1], "value")?;
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                Val::List(items) => items,
                Val::Null => return Err(invalid("list", "argument must not be null")),
                _ => return Err("argument must be a list or tuple".into()),
            };
            if items.is_empty() {
                return Err("cannot search an empty list".into());
            }
            for (i, v) in items.iter().enumerate() {
                match equal_known(v, &args[1]) {
                    Some(true) => return num(i),
                    None => return Ok(None),
                    Some(false) => {}
                }
            }
            Err("item not found".into())
        }
        "keys" => match &args[0] {
            Val::Unknown(_) => Ok(None),
            Val::Map(m) => ok(Val::List(m.keys().cloned().map(Val::Str).collect())),
            Val::Null => Err(invalid("inputMap", "argument must not be null")),
            _ => Err("must have map or object type".into()),
        },
        "length" => match &args[0] {
            Val::Unknown(_) => Ok(None),
            Val::List(l) => num(l.len()),
            Val::Map(m) => num(m.len()),
            Val::Str(s) => num(graphemes(s).len()),
            Val::Null => Err(invalid("value", "argument must not be null")),
            _ => Err("argument must be a string, a collection type, or a structural type".into()),
        },
        "lookup" => {
            let m = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                Val::Map(m) => m,
                Val::Null => return Err(invalid("inputMap", "argument must not be null")),
                _ => return Err("lookup() requires a map as the first argument".into()),
            };
            let key = match &args[1] {
                Val::Unknown(_) => return Ok(None),
                v => string_arg(v, "key")?,
            };
            match (m.get(&key), args.get(2)) {
                (Some(v), _) => ok(v.clone()),
                (None, Some(default)) => ok(default.clone()),
                (None, None) => Err(format!("the given object has no attribute {}", go_quote(&key))),
            }
        }
        "matchkeys" => {
            let values = list_arg(&args[0], "values")?;
            let keys = list_arg(&args[1], "keys")?;
            let search = list_arg(&args[2], "searchset")?;
            let n = keys.len();
            let Some(mut both) = unify(keys.into_iter().chain(search).collect())
                .map_err(|()| "keys and searchset must be of the same type".to_string())?
            else {
                return Ok(None);
            };
            let search = both.split_off(n);
            let keys = both;
            if values.len() != keys.len() {
                return Err("length of keys and values should be equal".into());
            }
            ok(Val::List(
                keys.iter()
                    .zip(values)
                    .filter(|(k, _)| search.iter().any(|s| equal(k, s)))
                    .map(|(_, v)| v)
                    .collect(),
            ))
        }
        "merge" => {
            let mut out = BTreeMap::new();
            let mut all_null = true;
            for a in args {
                match a {
                    Val::Unknown(_) => return Ok(None),
                    Val::Null => {}
                    Val::Map(m) => {
                        all_null = false;
                        out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    other => {
                        return Err(format!("arguments must be maps or objects, got \"{}\"", friendly(other)))
                    }
                }
            }
            if all_null && !args.is_empty() {
                return ok(Val::Null);
            }
            ok(Val::Map(out))
        }
        "one" => match &args[0] {
            Val::Unknown(_) => Ok(None),
            Val::List(items) if items.len() <= 1 => ok(items.first().cloned().unwrap_or(Val::Null)),
            Val::Null => Err(invalid("list", "argument must not be null")),
            _ => Err("must be a list, set, or tuple value with either zero or one elements".into()),
        },
        "range" => range(args),
        "reverse" => match &args[0] {
            Val::Unknown(_) => Ok(None),
            Val::List(items) => ok(Val::List(items.iter().rev().cloned().collect())),
            Val::Null => Err(invalid("list", "argument must not be null")),
            other => Err(format!("can only reverse list or tuple values, not {}", friendly(other))),
        },
        "slice" => {
            let items = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                Val::List(items) => items,
                Val::Null => return Err(invalid("list", "argument must not be null")),
                _ => return Err("must be a list or tuple value".into()),
            };
            let len = items.len() as i64;
            let index = |v: &Val, which: &str| -> Result<Option<i64>, String> {
                if v.is_unknown() {
                    return Ok(None);
                }
                let i = int_arg(v, &format!("{which}_index"))
                    .map_err(|e| format!("invalid {which} index: {e}"))?;
                if i < 0 {
                    return Err(format!("{which} index must not be less than zero"));
                }
                if i > len {
                    return Err(format!("{which} index must not be greater than the length of the list"));
                }
                Ok(Some(i))
            };
            let (Some(a), Some(b)) = (index(&args[1], "start")?, index(&args[2], "end")?) else {
                return Ok(None);
            };
            if a > b {
                return Err("start index must not be greater than end index".into());
            }
            ok(Val::List(items[a as usize..b as usize].to_vec()))
        }
        "sort" => {
            let mut out = Vec::new();
            for (i, item) in string_list_arg(&args[0], "list")?.into_iter().enumerate() {
                out.push(item.ok_or_else(|| {
                    format!("given list element {i} is null; a null string cannot be sorted")
                })?);
            }
            out.sort();
            ok(Val::List(out.into_iter().map(Val::Str).collect()))
        }
        "sum" => {
            let items = match &args[0] {
                Val::List(items) => items,
                Val::Map(_) => return Err("argument must be list, set, or tuple. Received object".into()),
                Val::Null => return Err(invalid("list", "argument must not be null")),
                _ => return Err("cannot sum noniterable".into()),
            };
            if items.is_empty() {
                return Err("cannot sum an empty list".into());
            }
            let mut nums = Vec::with_capacity(items.len());
            for v in items {
                nums.push(conv_number(v).ok_or("argument must be list, set, or tuple of number values")?);
            }
            // Terraform adds with 512-bit precision: 0.1 + 0.2 is 0.3 there.
            let exact = nums.iter().try_fold((0i128, 0i32), |acc, n| decimal_add(acc, decimal(*n)?));
            match exact {
                Some(d) => num_result(decimal_f64(d)),
                None => num_result(nums.iter().sum()),
            }
        }
        "transpose" => {
            let m = map_arg(&args[0], "values")?;
            let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (k, v) in &m {
                for item in string_list_arg(v, "values")? {
                    let item = item.ok_or("input must be a map of lists of strings")?;
                    out.entry(item).or_default().push(k.clone());
                }
            }
            ok(Val::Map(
                out.into_iter()
                    .map(|(k, mut v)| {
                        v.sort();
                        (k, Val::List(v.into_iter().map(Val::Str).collect()))
                    })
                    .collect(),
            ))
        }
        "values" => match &args[0] {
            Val::Unknown(_) => Ok(None),
            Val::Map(m) => ok(Val::List(m.values().cloned().collect())),
            Val::Null => Err(invalid("values", "argument must not be null")),
            _ => Err("values() requires a map as the first argument".into()),
        },
        "zipmap" => {
            let keys = match &args[0] {
                Val::Unknown(_) => return Ok(None),
                v => list_arg(v, "keys")?,
            };
            if keys.iter().any(Val::contains_unknown) {
                return Ok(None);
            }
            let values = match &args[1] {
                Val::Unknown(_) => return Ok(None),
                Val::List(items) => items,
                Val::Null => return Err(invalid("values", "argument must not be null")),
                _ => return Err("values argument must be a list or tuple value".into()),
            };
            if keys.len() != values.len() {
                return Err(format!(
                    "number of keys ({}) does not match number of values ({})",
                    keys.len(),
                    values.len()
                ));
            }
            let mut out = BTreeMap::new();
            for (i, (k, v)) in keys.iter().zip(values).enumerate() {
                let k = match k {
                    Val::Null => return Err(format!("keys list has null value at index {i}")),
                    k => conv_string(k).ok_or_else(|| invalid("keys", "list of string required"))?,
                };
                out.insert(k, v.clone());
            }
            ok(Val::Map(out))
        }
        "list" => {
            Err("the \"list\" function was deprecated in Terraform v0.12 and is no longer available; use \
                       tolist([ ... ]) syntax to write a literal list"
                .into())
        }
        "map" => {
            Err("the \"map\" function was deprecated in Terraform v0.12 and is no longer available; use \
                      tomap({ ... }) syntax to write a literal map"
                .into())
        }
        _ => Ok(None),
    }
}

/// `coalesce`: the first argument that is not null (nor an empty string, when the
/// arguments unify to strings), converted to the type all arguments unify to.
fn coalesce(args: &[Val]) -> R {
    let k = kinds(args);
    let primitives = k.strings || k.numbers || k.bools;
    if (k.collections && primitives) || (k.numbers && k.bools && !k.strings) {
        return Err("all arguments must have the same type".into());
    }
    // A string among the arguments makes the common type string: numbers and bools
    // become strings and empty strings are skipped. Without a known string, an
    // unknown argument might be one, so a number or bool is not safe to return.
    for a in args {
        match a {
            Val::Unknown(_) => return Ok(None),
            Val::Null => continue,
            Val::Str(s) if s.is_empty() => continue,
            Val::Num(_) | Val::Bool(_) if k.strings => return Ok(conv_string(a).map(Val::Str)),
            Val::Num(_) | Val::Bool(_) if k.unknowns => return Ok(None),
            v => return ok(v.clone()),
        }
    }
    Err("no non-null, non-empty-string arguments".into())
}

fn range(args: &[Val]) -> R {
    let nums: Vec<f64> = args.iter().map(|a| number_arg(a, "params")).collect::<Result<_, _>>()?;
    let (start, end, step) = match nums.as_slice() {
        [e] => (0.0, *e, if *e < 0.0 { -1.0 } else { 1.0 }),
        [s, e] => (*s, *e, if e < s { -1.0 } else { 1.0 }),
        [s, e, st] => (*s, *e, *st),
        _ => return Err("must have one, two, or three arguments".into()),
    };
    if step == 0.0 {
        return Err("step must not be zero".into());
    }
    let down = step < 0.0;
    if down && end > start {
        return Err("end must be less than start when step is negative".into());
    }
    if !down && end < start {
        return Err("end must be greater than start when step is positive".into());
    }
    let too_many = || -> R {
        Err("more than 1024 values were generated; either decrease the difference between start and end or \
             use a smaller step"
            .into())
    };
    if [start, end, step].iter().all(|n| n.fract() == 0.0 && n.abs() < 1e15) {
        let count = ((end - start) / step).ceil().max(0.0);
        if count > 1024.0 {
            return too_many();
        }
        return ok(Val::List((0..count as i64).map(|i| Val::Num(start + i as f64 * step)).collect()));
    }
    // Terraform adds with 512-bit precision; exact decimals come closest to it.
    let (Some(end), Some(step)) = (decimal(end), decimal(step)) else { return Ok(None) };
    let mut out = Vec::new();
    let mut n = decimal(start);
    while let Some(current) = n {
        let Some(order) = decimal_cmp(current, end) else { return Ok(None) };
        if (down && order.is_le()) || (!down && order.is_ge()) {
            return ok(Val::List(out));
        }
        if out.len() >= 1024 {
            return too_many();
        }
        out.push(Val::Num(decimal_f64(current)));
        n = decimal_add(current, step);
    }
    Ok(None)
}

/// A number as an exact decimal from its shortest form: `m × 10^e`.
fn decimal(x: f64) -> Option<(i128, i32)> {
    let (mant, exp) = shortest_digits(x);
    if mant.len() > 30 {
        return None;
    }
    let m = mant.iter().fold(0i128, |n, d| n * 10 + i128::from(d - b'0'));
    Some((if x < 0.0 { -m } else { m }, exp - mant.len() as i32))
}

fn decimal_align(a: (i128, i32), b: (i128, i32)) -> Option<(i128, i128, i32)> {
    let e = a.1.min(b.1);
    let scale = |(m, ex): (i128, i32)| m.checked_mul(10i128.checked_pow(u32::try_from(ex - e).ok()?)?);
    Some((scale(a)?, scale(b)?, e))
}

fn decimal_add(a: (i128, i32), b: (i128, i32)) -> Option<(i128, i32)> {
    let (x, y, e) = decimal_align(a, b)?;
    Some((x.checked_add(y)?, e))
}

fn decimal_cmp(a: (i128, i32), b: (i128, i32)) -> Option<std::cmp::Ordering> {
    let (x, y, _) = decimal_align(a, b)?;
    Some(x.cmp(&y))
}

fn decimal_f64((m, e): (i128, i32)) -> f64 {
    format!("{m}e{e}").parse().unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------
// Sets: sorted, deduplicated lists.

/// Makes a set of `items` in Terraform's order: strings lexically, numbers by value,
/// false before true, other values by cty's hash serialization. `Ok(None)` when an
/// element is unknown or null (the set's size would not be known).
fn set_of(items: Vec<Val>) -> Result<Option<Vec<Val>>, String> {
    if items.iter().any(|v| v.contains_unknown() || matches!(v, Val::Null)) {
        return Ok(None);
    }
    let Some(items) = unify(items).map_err(|()| "all elements must have the same type".to_string())? else {
        return Ok(None);
    };
    let mut out = distinct(items);
    let object_like = set_elements_are_objects(&out);
    out.sort_by(|a, b| match (a, b) {
        (Val::Str(x), Val::Str(y)) => x.cmp(y),
        (Val::Num(x), Val::Num(y)) => x.total_cmp(y),
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        _ => {
            let (mut ka, mut kb) = (Vec::new(), Vec::new());
            set_key(a, object_like, &mut ka);
            set_key(b, object_like, &mut kb);
            ka.cmp(&kb)
        }
    });
    Ok(Some(out))
}

/// `items` without repeats (by Terraform's equality), first occurrences in order.
/// Linear: values are bucketed by their cty serialization (equal values serialize
/// alike) and compared only within a bucket; comparing each with all kept before
/// took 25 s for `toset` of 100,000 strings.
fn distinct(items: Vec<Val>) -> Vec<Val> {
    let mut buckets: std::collections::HashMap<Vec<u8>, Vec<usize>> = std::collections::HashMap::new();
    let mut out: Vec<Val> = Vec::with_capacity(items.len());
    for item in items {
        let mut key = Vec::new();
        set_key(&item, true, &mut key);
        let bucket = buckets.entry(key).or_default();
        if !bucket.iter().any(|&i| equal(&out[i], &item)) {
            bucket.push(out.len());
            out.push(item);
        }
    }
    out
}

/// Whether the elements of a set of maps are objects (all with the same attributes)
/// rather than maps; lists of one length are tuples. This decides cty's serialization.
fn set_elements_are_objects(items: &[Val]) -> bool {
    let mut shapes = items.iter().filter_map(|v| match v {
        Val::Map(m) => Some(m.keys().cloned().collect::<Vec<_>>()),
        _ => None,
    });
    match shapes.next() {
        Some(first) => shapes.all(|s| s == first),
        None => true,
    }
}

/// cty's set hash serialization, by which it orders sets of non-primitive values.
fn set_key(v: &Val, object_like: bool, out: &mut Vec<u8>) {
    match v {
        Val::Null => out.push(b'~'),
        Val::Unknown(_) => out.push(b'?'),
        Val::Bool(b) => out.push(if *b { b'T' } else { b'F' }),
        Val::Num(n) => out.extend(go_float(*n, 'g', 10).bytes()),
        Val::Str(s) => out.extend(go_quote(s).bytes()),
        Val::List(items) => {
            out.push(b'<');
            for item in items {
                set_key(item, true, out);
                out.push(b';');
            }
            out.push(b'>');
        }
        Val::Map(m) if object_like => {
            out.push(b'<');
            for item in m.values() {
                set_key(item, true, out);
                out.push(b';');
            }
            out.push(b'>');
        }
        Val::Map(m) => {
            out.push(b'{');
            for (k, item) in m {
                out.extend(go_quote(k).bytes());
                out.push(b':');
                set_key(item, true, out);
                out.push(b';');
            }
            out.push(b'}');
        }
    }
}

/// Go's `strconv.Quote` for the characters that occur in practice.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn set_function(name: &str, args: &[Val]) -> R {
    let mut lens = Vec::new();
    let mut all = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let param = match (name, i) {
            ("setsubtract", 0) => "a",
            ("setsubtract", _) => "b",
            (_, 0) => "first_set",
            _ => "other_sets",
        };
        let items = list_arg(a, param)?;
        lens.push(items.len());
        all.extend(items);
    }
    let Some(all) =
        unify(all).map_err(|()| "given sets must all have compatible element types".to_string())?
    else {
        return Ok(None);
    };
    let mut sets = Vec::new();
    let mut rest = all;
    for len in lens {
        let tail = rest.split_off(len);
        sets.push(rest);
        rest = tail;
    }
    let mut sets = sets.into_iter();
    let mut acc = sets.next().unwrap_or_default();
    for other in sets {
        acc = match name {
            "setunion" => acc.into_iter().chain(other).collect(),
            "setintersection" => acc.into_iter().filter(|v| other.iter().any(|o| equal(o, v))).collect(),
            "setsubtract" => acc.into_iter().filter(|v| !other.iter().any(|o| equal(o, v))).collect(),
            _ => {
                let left: Vec<Val> =
                    acc.iter().filter(|v| !other.iter().any(|o| equal(o, v))).cloned().collect();
                let right = other.iter().filter(|v| !acc.iter().any(|o| equal(o, v))).cloned();
                left.into_iter().chain(right).collect()
            }
        };
    }
    Ok(set_of(acc)?.map(Val::List))
}

/// `setproduct` of `args`, making at most `max` elements (the product of its
/// lists' lengths grows fast: ten lists of ten are 10^10).
fn setproduct(args: &[Val], max: usize) -> R {
    if args.len() < 2 {
        return Err("at least two arguments are required".into());
    }
    let mut lists = Vec::new();
    for a in args {
        match a {
            Val::Unknown(_) => return Ok(None),
            Val::List(items) => {
                let Some(items) =
                    unify(items.clone()).map_err(|()| "all elements must be of the same type".to_string())?
                else {
                    return Ok(None);
                };
                lists.push(items);
            }
            _ => return Err("a set or a list is required".into()),
        }
    }
    let total = lists.iter().try_fold(1usize, |acc, l| acc.checked_mul(l.len()));
    let Some(total) = total.filter(|t| *t <= max) else {
        return Err(format!(
            "the product has more than {max} elements, Vigil's budget: it is not evaluated ({})",
            vigil_syntax::Limits::hint("setproduct_elements")
        ));
    };
    let mut out = Vec::with_capacity(total);
    let mut idx = vec![0usize; lists.len()];
    for _ in 0..total {
        out.push(Val::List(lists.iter().zip(&idx).map(|(l, i)| l[*i].clone()).collect()));
        for j in (0..lists.len()).rev() {
            idx[j] += 1;
            if idx[j] < lists[j].len() {
                break;
            }
            idx[j] = 0;
        }
    }
    ok(Val::List(out))
}

// ---------------------------------------------------------------------------------
// Type conversions.

fn conversion_function(name: &str, args: Vec<Val>) -> R {
    let v = args.into_iter().next().unwrap_or(Val::Null);
    match (name, v) {
        ("sensitive" | "nonsensitive" | "ephemeralasnull", v) => ok(v),
        (_, Val::Unknown(_)) => Ok(None),
        (_, Val::Null) => ok(Val::Null),
        ("tostring", v @ (Val::Str(_) | Val::Num(_) | Val::Bool(_))) => Ok(conv_string(&v).map(Val::Str)),
        ("tonumber", Val::Num(n)) => ok(Val::Num(n)),
        ("tonumber", Val::Str(s)) => match parse_decimal(&s) {
            Some(n) => ok(Val::Num(n)),
            None => Err(format!(
                "cannot convert {} to number; given string must be a decimal representation of a number",
                go_quote(&s)
            )),
        },
        ("tobool", Val::Bool(b)) => ok(Val::Bool(b)),
        ("tobool", Val::Str(s)) => match conv_bool(&Val::Str(s.clone())) {
            Some(b) => ok(Val::Bool(b)),
            None => Err(format!(
                "cannot convert {} to bool; only the strings \"true\" or \"false\" are allowed",
                go_quote(&s)
            )),
        },
        ("tolist", Val::List(items)) => match unify(items) {
            Ok(items) => Ok(items.map(Val::List)),
            Err(()) => Err("cannot convert tuple to list of any single type".into()),
        },
        ("toset", Val::List(items)) => Ok(set_of(items)
            .map_err(|_| "cannot convert tuple to set of any single type".to_string())?
            .map(Val::List)),
        ("tomap", Val::Map(m)) => {
            let (keys, values): (Vec<String>, Vec<Val>) = m.into_iter().unzip();
            match unify(values) {
                Ok(values) => Ok(values.map(|v| Val::Map(keys.into_iter().zip(v).collect()))),
                Err(()) => Err("cannot convert object to map of any single type".into()),
            }
        }
        (name, v) => {
            let want = match name {
                "tostring" => "string",
                "tonumber" => "number",
                "tobool" => "bool",
                "tolist" => "list of any single type",
                "toset" => "set of any single type",
                _ => "map of any single type",
            };
            Err(format!("cannot convert {} to {want}", friendly(&v)))
        }
    }
}

// ---------------------------------------------------------------------------------
// Encodings.

/// Go's `base64.StdEncoding`: padding required, newlines ignored, trailing bits
/// allowed.
fn go_base64() -> base64::engine::GeneralPurpose {
    let config = base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical);
    base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, config)
}

fn base64_decode(s: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let stripped: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    go_base64().decode(stripped)
}

fn encoding_function(name: &str, args: &[Val]) -> R {
    match name {
        "base64encode" => ok(Val::Str(go_base64().encode(string_arg(&args[0], "str")?))),
        "base64decode" => {
            let s = string_arg(&args[0], "str")?;
            let bytes =
                base64_decode(&s).map_err(|_| format!("failed to decode base64 data {}", go_quote(&s)))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| "the result of decoding the provided string is not valid UTF-8".to_string())?;
            ok(Val::Str(text))
        }
        "jsonencode" => Ok(json_encode(&args[0]).map(Val::Str)),
        "jsondecode" => {
            let s = string_arg(&args[0], "str")?;
            let JsonVal(v) = serde_json::from_str(&s).map_err(|e| e.to_string())?;
            ok(v)
        }
        "yamlencode" => yaml_encode(&args[0]),
        "yamldecode" => yaml_decode(&string_arg(&args[0], "src")?),
        "urlencode" => {
            let s = string_arg(&args[0], "str")?;
            let mut out = String::new();
            for b in s.bytes() {
                match b {
                    b' ' => out.push('+'),
                    b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => out.push(b as char),
                    b => out.push_str(&format!("%{b:02X}")),
                }
            }
            ok(Val::Str(out))
        }
        "csvdecode" => csv_decode(&string_arg(&args[0], "str")?),
        "textencodebase64" => {
            let s = string_arg(&args[0], "string")?;
            let enc = string_arg(&args[1], "encoding")?;
            let Some(canonical) = text_encoding(&enc) else { return Ok(None) };
            let bytes: Vec<u8> = match canonical {
                "UTF-8" => s.into_bytes(),
                "UTF-16LE" => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                "UTF-16BE" => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                _ => {
                    s.chars().map(|c| u8::try_from(u32::from(c))).collect::<Result<_, _>>().map_err(|_| {
                        format!(
                            "the given string contains characters that cannot be represented in {canonical}"
                        )
                    })?
                }
            };
            ok(Val::Str(go_base64().encode(bytes)))
        }
        "textdecodebase64" => {
            let s = string_arg(&args[0], "source")?;
            let enc = string_arg(&args[1], "encoding")?;
            let Some(canonical) = text_encoding(&enc) else { return Ok(None) };
            let bytes = base64_decode(&s).map_err(|e| match e {
                base64::DecodeError::InvalidByte(at, _) => {
                    format!("the given value is has an invalid base64 symbol at offset {at}")
                }
                other => format!("invalid source string: {other}"),
            })?;
            let undefined =
                || format!("the given string contains symbols that are not defined for {canonical}");
            let text = match canonical {
                "UTF-8" => String::from_utf8(bytes).map_err(|_| undefined())?,
                "UTF-16LE" | "UTF-16BE" => {
                    if bytes.len() % 2 != 0 {
                        return Err(undefined());
                    }
                    let units: Vec<u16> = bytes
                        .chunks(2)
                        .map(|p| {
                            let pair = [p[0], p[1]];
                            if canonical == "UTF-16LE" {
                                u16::from_le_bytes(pair)
                            } else {
                                u16::from_be_bytes(pair)
                            }
                        })
                        .collect();
                    String::from_utf16(&units).map_err(|_| undefined())?
                }
                _ => bytes.into_iter().map(char::from).collect(),
            };
            if text.contains('\u{fffd}') {
                return Err(undefined());
            }
            ok(Val::Str(text))
        }
        _ => Ok(None),
    }
}

/// The IANA encodings Vigil converts, by any of their IANA names; `None` for the
/// others (which Terraform may know).
fn text_encoding(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    match n.as_str() {
        "utf-8" | "csutf8" => Some("UTF-8"),
        "utf-16le" | "csutf16le" => Some("UTF-16LE"),
        "utf-16be" | "csutf16be" => Some("UTF-16BE"),
        "iso-8859-1" | "iso_8859-1:1987" | "iso-ir-100" | "iso_8859-1" | "latin1" | "l1" | "ibm819"
        | "cp819" | "csisolatin1" => Some("ISO-8859-1"),
        _ => None,
    }
}

/// Terraform's `jsonencode`: object keys in lexical order, numbers without exponent,
/// strings escaped as Go escapes them. `None` when anything inside is unknown.
fn json_encode(v: &Val) -> Option<String> {
    fn write(v: &Val, out: &mut String) -> bool {
        match v {
            Val::Null => out.push_str("null"),
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::Num(n) if n.is_finite() => out.push_str(&format_number(*n)),
            Val::Str(s) => out.push_str(&go_json_string(s)),
            Val::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if !write(item, out) {
                        return false;
                    }
                }
                out.push(']');
            }
            Val::Map(m) => {
                out.push('{');
                for (i, (k, item)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&go_json_string(k));
                    out.push(':');
                    if !write(item, out) {
                        return false;
                    }
                }
                out.push('}');
            }
            Val::Num(_) | Val::Unknown(_) => return false,
        }
        true
    }
    let mut out = String::new();
    write(v, &mut out).then_some(out)
}

/// A decoded JSON value; duplicate object keys are an error, as in Terraform.
struct JsonVal(Val);

impl<'de> serde::Deserialize<'de> for JsonVal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = JsonVal;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<JsonVal, E> {
        Ok(JsonVal(Val::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<JsonVal, E> {
        Ok(JsonVal(Val::Num(v as f64)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<JsonVal, E> {
        Ok(JsonVal(Val::Num(v as f64)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<JsonVal, E> {
        Ok(JsonVal(Val::Num(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<JsonVal, E> {
        Ok(JsonVal(Val::Str(v.to_string())))
    }

    fn visit_unit<E>(self) -> Result<JsonVal, E> {
        Ok(JsonVal(Val::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonVal, A::Error> {
        let mut out = Vec::new();
        while let Some(JsonVal(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(JsonVal(Val::List(out)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonVal, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(k) = map.next_key::<String>()? {
            let JsonVal(v) = map.next_value()?;
            if out.contains_key(&k) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate {} property in JSON object",
                    go_quote(&k)
                )));
            }
            out.insert(k, v);
        }
        Ok(JsonVal(Val::Map(out)))
    }
}

/// Terraform's `yamlencode` (go-cty-yaml): block style, keys and strings double
/// quoted, sequences in mappings not indented. Strings with line breaks (written as
/// literal blocks) and lines longer than 80 columns (which the emitter folds) are
/// unknown.
fn yaml_encode(v: &Val) -> R {
    let mut out = String::new();
    let done = match v {
        Val::Map(m) if !m.is_empty() => yaml_map(m, 0, false, &mut out),
        Val::List(l) if !l.is_empty() => yaml_seq(l, 0, false, &mut out),
        scalar => match yaml_scalar(scalar) {
            Some(s) => {
                out.push_str(&s);
                out.push('\n');
                if !matches!(scalar, Val::Str(_) | Val::Map(_) | Val::List(_)) {
                    out.push_str("...\n");
                }
                true
            }
            None => false,
        },
    };
    if !done || out.lines().any(|l| l.chars().count() > 80) {
        return Ok(None);
    }
    ok(Val::Str(out))
}

fn yaml_scalar(v: &Val) -> Option<String> {
    match v {
        Val::Null => Some("null".into()),
        Val::Bool(b) => Some(b.to_string()),
        Val::Num(n) if n.is_infinite() => Some(if *n > 0.0 { "+.Inf".into() } else { "-.Inf".into() }),
        Val::Num(n) => Some(format_number(*n)),
        Val::Str(s) => yaml_quote(s),
        Val::Map(m) if m.is_empty() => Some("{}".into()),
        Val::List(l) if l.is_empty() => Some("[]".into()),
        _ => None,
    }
}

/// A double-quoted YAML scalar as the go-yaml emitter writes it.
fn yaml_quote(s: &str) -> Option<String> {
    if s.contains('\n') {
        return None;
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        let u = c as u32;
        let printable = u == 0x0A
            || (0x20..=0x7E).contains(&u)
            || ((0xA0..=0xD7FF).contains(&u))
            || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF);
        let line_break = matches!(u, 0x0D | 0x85 | 0x2028 | 0x2029);
        if printable && !line_break && c != '"' && c != '\\' {
            out.push(c);
            continue;
        }
        match u {
            0x00 => out.push_str("\\0"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x09 => out.push_str("\\t"),
            0x0B => out.push_str("\\v"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            0x1B => out.push_str("\\e"),
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x85 => out.push_str("\\N"),
            0xA0 => out.push_str("\\_"),
            0x2028 => out.push_str("\\L"),
            0x2029 => out.push_str("\\P"),
            u if u <= 0xFF => out.push_str(&format!("\\x{u:02X}")),
            u if u <= 0xFFFF => out.push_str(&format!("\\u{u:04X}")),
            u => out.push_str(&format!("\\U{u:08X}")),
        }
    }
    out.push('"');
    Some(out)
}

fn yaml_map(m: &BTreeMap<String, Val>, indent: usize, first_inline: bool, out: &mut String) -> bool {
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 || !first_inline {
            out.push_str(&" ".repeat(indent));
        }
        // Keys longer than 128 characters are written as complex keys (`? `).
        let Some(key) = yaml_quote(k).filter(|_| k.len() <= 128) else { return false };
        out.push_str(&key);
        out.push(':');
        let done = match v {
            Val::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                yaml_map(inner, indent + 2, false, out)
            }
            Val::List(items) if !items.is_empty() => {
                out.push('\n');
                yaml_seq(items, indent, false, out)
            }
            scalar => match yaml_scalar(scalar) {
                Some(s) => {
                    out.push(' ');
                    out.push_str(&s);
                    out.push('\n');
                    true
                }
                None => false,
            },
        };
        if !done {
            return false;
        }
    }
    true
}

fn yaml_seq(items: &[Val], indent: usize, first_inline: bool, out: &mut String) -> bool {
    for (i, v) in items.iter().enumerate() {
        if i > 0 || !first_inline {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str("- ");
        let done = match v {
            Val::Map(inner) if !inner.is_empty() => yaml_map(inner, indent + 2, true, out),
            Val::List(inner) if !inner.is_empty() => yaml_seq(inner, indent + 2, true, out),
            scalar => match yaml_scalar(scalar) {
                Some(s) => {
                    out.push_str(&s);
                    out.push('\n');
                    true
                }
                None => false,
            },
        };
        if !done {
            return false;
        }
    }
    true
}

/// Terraform's `yamldecode` for the common subset of YAML: block mappings and
/// sequences, plain, single- and double-quoted scalars on one line, and flow
/// collections on one line, with YAML 1.1 scalars as go-cty-yaml resolves them.
/// Anchors, aliases, tags, block scalars (`|`, `>`), multi-line scalars, complex
/// keys and multiple documents are unknown.
fn yaml_decode(src: &str) -> R {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut started = false;
    for raw in src.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let body = raw.trim_start_matches(' ');
        if body.starts_with('\t') {
            return Ok(None);
        }
        let Some(text) = strip_yaml_comment(body) else { return Ok(None) };
        let text = text.trim_end();
        if text.is_empty() {
            continue;
        }
        if text == "---" && !started && lines.is_empty() {
            started = true;
            continue;
        }
        if text == "..." {
            break;
        }
        if text.starts_with("---") || text.starts_with('%') {
            return Ok(None);
        }
        lines.push((raw.len() - body.len(), text.to_string()));
    }
    // An empty document: what go-cty-yaml makes of it is not pinned down here.
    let Some(first) = lines.first().map(|l| l.0) else { return Ok(None) };
    let mut pos = 0;
    let value = yaml_block(&mut lines, &mut pos, first, 0)?;
    match value {
        Some(v) if pos == lines.len() => ok(v),
        _ => Ok(None),
    }
}

/// The text before a comment (`#` at the start or after a space, outside quotes);
/// `None` for an unterminated quote.
fn strip_yaml_comment(s: &str) -> Option<&str> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => {
                if q == '\'' && chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None if c == '#' && (prev == ' ' || i == 0) => return Some(&s[..i]),
            None if (c == '"' || c == '\'')
                && (prev == ' ' || prev == '[' || prev == '{' || prev == ',' || i == 0) =>
            {
                quote = Some(c);
            }
            None => {}
        }
        prev = c;
    }
    Some(s)
}

/// Nesting deeper than this is unknown: it bounds the recursion.
const MAX_YAML_DEPTH: usize = 64;

type Lines = [(usize, String)];

fn yaml_block(
    lines: &mut Lines,
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Result<Option<Val>, String> {
    let Some(text) = lines.get(*pos).map(|l| l.1.clone()).filter(|_| depth < MAX_YAML_DEPTH) else {
        return Ok(None);
    };
    if text == "-" || text.starts_with("- ") {
        return yaml_seq_block(lines, pos, indent, depth + 1);
    }
    if yaml_key(&text).is_some() {
        return yaml_map_block(lines, pos, indent, depth + 1);
    }
    *pos += 1;
    if lines.get(*pos).is_some_and(|l| l.0 > indent) {
        return Ok(None);
    }
    yaml_value(&text)
}

fn yaml_seq_block(
    lines: &mut Lines,
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Result<Option<Val>, String> {
    let mut items = Vec::new();
    while let Some((ind, text)) = lines.get(*pos).cloned() {
        if ind != indent || !(text == "-" || text.starts_with("- ")) {
            break;
        }
        let rest = text[1..].trim_start();
        if rest.is_empty() {
            *pos += 1;
            match lines.get(*pos).map(|l| l.0) {
                Some(inner) if inner > indent => match yaml_block(lines, pos, inner, depth)? {
                    Some(v) => items.push(v),
                    None => return Ok(None),
                },
                _ => items.push(Val::Null),
            }
        } else {
            let col = indent + (text.len() - rest.len());
            lines[*pos] = (col, rest.to_string());
            match yaml_block(lines, pos, col, depth)? {
                Some(v) => items.push(v),
                None => return Ok(None),
            }
        }
    }
    Ok(Some(Val::List(items)))
}

fn yaml_map_block(
    lines: &mut Lines,
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Result<Option<Val>, String> {
    let mut out = BTreeMap::new();
    while let Some((ind, text)) = lines.get(*pos).cloned() {
        if ind != indent {
            break;
        }
        let Some((key, rest)) = yaml_key(&text) else { return Ok(None) };
        let Some(key) = key? else { return Ok(None) };
        *pos += 1;
        let value = if rest.is_empty() {
            match lines.get(*pos).cloned() {
                Some((inner, _)) if inner > indent => yaml_block(lines, pos, inner, depth)?,
                Some((inner, t)) if inner == indent && (t == "-" || t.starts_with("- ")) => {
                    yaml_seq_block(lines, pos, indent, depth)?
                }
                _ => Some(Val::Null),
            }
        } else {
            if lines.get(*pos).is_some_and(|l| l.0 > indent) {
                return Ok(None);
            }
            yaml_value(&rest)?
        };
        let Some(value) = value else { return Ok(None) };
        if out.insert(key, value).is_some() {
            return Ok(None);
        }
    }
    Ok(Some(Val::Map(out)))
}

/// A mapping entry's key (as a string) and the text after `: `. The key is
/// `Ok(None)` when it is not a supported scalar.
#[allow(clippy::type_complexity)]
fn yaml_key(text: &str) -> Option<(Result<Option<String>, String>, String)> {
    let (raw, rest) = if text.starts_with('"') || text.starts_with('\'') {
        let end = quoted_end(text)?;
        let after = text[end..].trim_start();
        let rest = after.strip_prefix(':')?;
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        (&text[..end], rest)
    } else {
        if text.starts_with(['[', '{', '?', '&', '*', '!', '|', '>', '%', '@', '`'])
            || text == "-"
            || text.starts_with("- ")
        {
            return None;
        }
        let at = text.find(": ").or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
        (text[..at].trim_end(), &text[at + 1..])
    };
    let key = match yaml_value(raw) {
        Ok(Some(Val::Str(s))) => Ok(Some(s)),
        Ok(Some(Val::Bool(b))) => Ok(Some(b.to_string())),
        Ok(Some(Val::Num(n))) => Ok(Some(format_number(n))),
        Ok(_) => Ok(None),
        Err(e) => Err(e),
    };
    Some((key, rest.trim().to_string()))
}

/// The byte offset just after a quoted scalar that starts `text`.
fn quoted_end(text: &str) -> Option<usize> {
    let q = text.chars().next()?;
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && chars.peek().map(|(_, n)| *n) == Some('\'') {
                chars.next();
            } else {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A scalar or flow collection written on one line.
fn yaml_value(text: &str) -> Result<Option<Val>, String> {
    let text = text.trim();
    if text.starts_with('[') || text.starts_with('{') {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        let v = yaml_flow(&chars, &mut i, 0)?;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        return Ok(v.filter(|_| i == chars.len()));
    }
    if text.starts_with('"') || text.starts_with('\'') {
        if quoted_end(text) != Some(text.len()) {
            return Ok(None);
        }
        return Ok(yaml_unquote(text).map(Val::Str));
    }
    if text.starts_with(['&', '*', '!', '|', '>', '%', '@', '`', '?', ']', '}'])
        || text.contains(": ")
        || text.ends_with(':')
        || text == "-"
        || text.starts_with("- ")
    {
        return Ok(None);
    }
    yaml_resolve(text)
}

fn yaml_unquote(text: &str) -> Option<String> {
    let inner = &text[1..text.len() - 1];
    if text.starts_with('\'') {
        return Some(inner.replace("''", "'"));
    }
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| -> Option<char> {
            let s: String = chars.by_ref().take(n).collect();
            if s.len() != n {
                return None;
            }
            char::from_u32(u32::from_str_radix(&s, 16).ok()?)
        };
        out.push(match e {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(2, &mut chars)?,
            'u' => hex(4, &mut chars)?,
            'U' => hex(8, &mut chars)?,
            _ => return None,
        });
    }
    Some(out)
}

fn yaml_flow(chars: &[char], i: &mut usize, depth: usize) -> Result<Option<Val>, String> {
    if depth > MAX_YAML_DEPTH {
        return Ok(None);
    }
    let skip = |i: &mut usize| {
        while chars.get(*i) == Some(&' ') {
            *i += 1;
        }
    };
    skip(i);
    match chars.get(*i) {
        Some('[') => {
            *i += 1;
            let mut items = Vec::new();
            loop {
                skip(i);
                if chars.get(*i) == Some(&']') {
                    *i += 1;
                    return Ok(Some(Val::List(items)));
                }
                let Some(v) = yaml_flow(chars, i, depth + 1)? else { return Ok(None) };
                items.push(v);
                skip(i);
                match chars.get(*i) {
                    Some(',') => *i += 1,
                    Some(']') => {}
                    _ => return Ok(None),
                }
            }
        }
        Some('{') => {
            *i += 1;
            let mut out = BTreeMap::new();
            loop {
                skip(i);
                if chars.get(*i) == Some(&'}') {
                    *i += 1;
                    return Ok(Some(Val::Map(out)));
                }
                let key = match yaml_flow(chars, i, depth + 1)? {
                    Some(Val::Str(s)) => s,
                    Some(Val::Bool(b)) => b.to_string(),
                    Some(Val::Num(n)) => format_number(n),
                    _ => return Ok(None),
                };
                skip(i);
                let value = if chars.get(*i) == Some(&':') {
                    *i += 1;
                    let Some(v) = yaml_flow(chars, i, depth + 1)? else { return Ok(None) };
                    v
                } else {
                    Val::Null
                };
                if out.insert(key, value).is_some() {
                    return Ok(None);
                }
                skip(i);
                match chars.get(*i) {
                    Some(',') => *i += 1,
                    Some('}') => {}
                    _ => return Ok(None),
                }
            }
        }
        Some('"' | '\'') => {
            let rest: String = chars[*i..].iter().collect();
            let Some(end) = quoted_end(&rest) else { return Ok(None) };
            let quoted = &rest[..end];
            *i += quoted.chars().count();
            Ok(yaml_unquote(quoted).map(Val::Str))
        }
        Some(_) => {
            let start = *i;
            while let Some(c) = chars.get(*i) {
                if matches!(c, ',' | '[' | ']' | '{' | '}')
                    || (*c == ':' && chars.get(*i + 1).is_none_or(|n| *n == ' '))
                {
                    break;
                }
                *i += 1;
            }
            let plain: String = chars[start..*i].iter().collect();
            let plain = plain.trim();
            if plain.is_empty() || plain.starts_with(['&', '*', '!', '|', '>', '%', '@', '`', '?', '#']) {
                return Ok(None);
            }
            yaml_resolve(plain)
        }
        None => Ok(None),
    }
}

/// go-cty-yaml's resolution of a plain scalar (YAML 1.1 booleans and nulls).
fn yaml_resolve(s: &str) -> Result<Option<Val>, String> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return ok(Val::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return ok(Val::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => return ok(Val::Null),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => {
            return Ok(None)
        }
        ".nan" | ".NaN" | ".NAN" => return Err("floating point NaN is not supported".into()),
        _ => {}
    }
    match s.as_bytes()[0] {
        b'.' => ok(parse_decimal(s).map_or_else(|| Val::Str(s.into()), Val::Num)),
        b'0'..=b'9' | b'+' | b'-' => {
            let b = s.as_bytes();
            if b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' {
                return Ok(yaml_date(s));
            }
            let plain = s.replace('_', "");
            if let Some(n) = parse_decimal(&plain) {
                return ok(Val::Num(n));
            }
            let (neg, digits) = match plain.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, plain.as_str()),
            };
            if let Some(bits) = digits.strip_prefix("0b") {
                return match i64::from_str_radix(bits, 2) {
                    Ok(n) => ok(Val::Num(if neg { -(n as f64) } else { n as f64 })),
                    Err(_) => Err(format!("cannot parse {} as tag:yaml.org,2002:int", go_quote(s))),
                };
            }
            ok(Val::Str(s.into()))
        }
        _ => ok(Val::Str(s.into())),
    }
}

/// A plain scalar that starts like a date: a date alone becomes an RFC 3339
/// timestamp string; with a time it is unknown; otherwise it stays a string.
fn yaml_date(s: &str) -> Option<Val> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(s.len());
    let parts: Vec<&str> = s[..end].split('-').collect();
    let valid = parts.len() == 3
        && parts[0].len() == 4
        && (1..=2).contains(&parts[1].len())
        && (1..=2).contains(&parts[2].len());
    let date = valid
        .then(|| {
            let y: i64 = parts[0].parse().ok()?;
            let m: u32 = parts[1].parse().ok()?;
            let d: u32 = parts[2].parse().ok()?;
            ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
        })
        .flatten();
    match (date, &s[end..]) {
        (Some((y, m, d)), "") => Some(Val::Str(format!("{y:04}-{m:02}-{d:02}T00:00:00Z"))),
        (Some(_), rest) if rest.starts_with(['T', 't', ' ']) => None,
        _ => Some(Val::Str(s.into())),
    }
}

/// Terraform's `csvdecode` (Go's `encoding/csv`): the first line names the columns,
/// every other line becomes an object of strings.
fn csv_decode(s: &str) -> R {
    let records = csv_records(s)?;
    let mut records = records.into_iter();
    let Some((_, header)) = records.next() else { return Err("missing header line".into()) };
    for (i, name) in header.iter().enumerate() {
        if header[..i].contains(name) {
            return Err(format!("duplicate column name {}", go_quote(name)));
        }
    }
    let mut rows = Vec::new();
    for (line, fields) in records {
        if fields.len() != header.len() {
            return Err(format!("CSV parse error on line {line}: wrong number of fields"));
        }
        rows.push(Val::Map(header.iter().cloned().zip(fields.into_iter().map(Val::Str)).collect()));
    }
    ok(Val::List(rows))
}

/// Records with the line each starts on.
fn csv_records(s: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let text = s.replace("\r\n", "\n");
    let chars: Vec<char> = text.chars().collect();
    let mut records = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        if chars[i] == '\n' {
            // Empty lines are skipped.
            line += 1;
            i += 1;
            continue;
        }
        let start_line = line;
        let mut fields = Vec::new();
        loop {
            let mut field = String::new();
            if chars.get(i) == Some(&'"') {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!(
                                "CSV parse error on line {line}: extraneous or missing \" in quoted-field"
                            ))
                        }
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            field.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(c) => {
                            if *c == '\n' {
                                line += 1;
                            }
                            field.push(*c);
                            i += 1;
                        }
                    }
                }
                if !matches!(chars.get(i), None | Some(',' | '\n')) {
                    return Err(format!(
                        "CSV parse error on line {line}: extraneous or missing \" in quoted-field"
                    ));
                }
            } else {
                while let Some(c) = chars.get(i) {
                    if *c == ',' || *c == '\n' {
                        break;
                    }
                    if *c == '"' {
                        return Err(format!("CSV parse error on line {line}: bare \" in non-quoted-field"));
                    }
                    field.push(*c);
                    i += 1;
                }
            }
            fields.push(field);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        records.push((start_line, fields));
    }
    Ok(records)
}

// ---------------------------------------------------------------------------------
// Numbers.

fn number_function(name: &str, args: &[Val]) -> R {
    match name {
        "abs" => num_result(number_arg(&args[0], "num")?.abs()),
        "ceil" => num_result(number_arg(&args[0], "num")?.ceil()),
        "floor" => num_result(number_arg(&args[0], "num")?.floor()),
        "log" => {
            let n = number_arg(&args[0], "num")?;
            let base = number_arg(&args[1], "base")?;
            num_result(n.ln() / base.ln())
        }
        "pow" => {
            let n = number_arg(&args[0], "num")?;
            let power = number_arg(&args[1], "power")?;
            num_result(n.powf(power))
        }
        "signum" => ok(Val::Num(int_arg(&args[0], "num")?.signum() as f64)),
        "max" | "min" => {
            let nums: Vec<f64> = args.iter().map(|a| number_arg(a, "numbers")).collect::<Result<_, _>>()?;
            let picked = nums
                .into_iter()
                .reduce(|a, b| if (name == "max" && b > a) || (name == "min" && b < a) { b } else { a })
                .ok_or("must pass at least one number")?;
            num_result(picked)
        }
        "parseint" => {
            let s = match &args[0] {
                Val::Str(s) => s.clone(),
                Val::Null => return Err(invalid("number", "argument must not be null")),
                other => return Err(format!("first argument must be a string, not {}", friendly(other))),
            };
            let base = int_arg(&args[1], "base")?;
            if !(2..=62).contains(&base) {
                return Err("base must be a whole number between 2 and 62 inclusive".into());
            }
            let fail = || format!("cannot parse {} as a base {base} integer", go_quote(&s));
            let (neg, digits) = match s.as_bytes().first() {
                Some(b'-') => (true, &s[1..]),
                Some(b'+') => (false, &s[1..]),
                _ => (false, s.as_str()),
            };
            if digits.is_empty() {
                return Err(fail());
            }
            let mut n: u128 = 0;
            for c in digits.chars() {
                let d = match c {
                    '0'..='9' => c as u32 - '0' as u32,
                    'a'..='z' => c as u32 - 'a' as u32 + 10,
                    'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
                    'A'..='Z' => c as u32 - 'A' as u32 + 36,
                    _ => return Err(fail()),
                };
                if i64::from(d) >= base {
                    return Err(fail());
                }
                n = n
                    .checked_mul(base as u128)
                    .and_then(|n| n.checked_add(u128::from(d)))
                    .ok_or_else(fail)?;
            }
            if n > 1 << 53 {
                // Exact in Terraform, not in an f64.
                return Ok(None);
            }
            ok(Val::Num(if neg { -(n as f64) } else { n as f64 }))
        }
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------
// IP networks, computed as Terraform's go-cidr does.

#[derive(Clone, Copy)]
struct Net {
    addr: u128,
    bits: u32,
    prefix: u32,
}

fn full(bits: u32) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

fn prefix_mask(prefix: u32, bits: u32) -> u128 {
    if prefix == 0 {
        0
    } else {
        (u128::MAX << (128 - prefix)) >> (128 - bits)
    }
}

/// Old Go IPv4 syntax, which Terraform keeps: four decimal parts, leading zeros
/// allowed.
fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = p.parse().ok()?;
        if v > 255 {
            return None;
        }
        out = out << 8 | v;
    }
    Some(out)
}

/// Parses `addr/len` to its network (host bits cleared). `Ok(None)` for IPv4-mapped
/// IPv6 prefixes, which Go treats half as IPv4.
fn parse_cidr(s: &str) -> Result<Option<Net>, String> {
    let err = || format!("invalid CIDR expression: invalid CIDR address: {s}");
    let (ip, len) = s.split_once('/').ok_or_else(err)?;
    let (addr, bits) = if let Some(v4) = parse_ipv4(ip) {
        (u128::from(v4), 32)
    } else {
        let v6: std::net::Ipv6Addr = ip.parse().map_err(|_| err())?;
        if v6.to_ipv4_mapped().is_some() {
            return Ok(None);
        }
        (u128::from(v6), 128)
    };
    if len.is_empty() || len.len() > 8 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    let prefix: u32 = len.parse().map_err(|_| err())?;
    if prefix > bits {
        return Err(err());
    }
    Ok(Some(Net { addr: addr & prefix_mask(prefix, bits), bits, prefix }))
}

/// An address as Go's `net.IP.String` writes it.
fn ip_string(addr: u128, bits: u32) -> String {
    if bits == 32 {
        let a = addr as u32;
        return format!("{}.{}.{}.{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    }
    let groups: Vec<u16> = (0..8).map(|i| (addr >> (112 - 16 * i)) as u16).collect();
    // The longest run of zero groups (the first of equals), if longer than one.
    let (mut best, mut best_len) = (0, 0);
    let mut i = 0;
    while i < 8 {
        let j = (i..8).find(|&j| groups[j] != 0).unwrap_or(8);
        if j - i > best_len {
            best = i;
            best_len = j - i;
        }
        i = j.max(i + 1);
    }
    let hex = |g: &[u16]| g.iter().map(|g| format!("{g:x}")).collect::<Vec<_>>().join(":");
    if best_len < 2 {
        return hex(&groups);
    }
    format!("{}::{}", hex(&groups[..best]), hex(&groups[best + best_len..]))
}

fn subnet_string(addr: u128, len: u32, bits: u32) -> String {
    format!("{}/{len}", ip_string(addr, bits))
}

fn network_function(name: &str, args: &[Val]) -> R {
    let prefix = string_arg(&args[0], "prefix")?;
    match name {
        "cidrhost" => {
            let hostnum = number_arg(&args[1], "hostnum")?;
            if !hostnum.is_finite() || hostnum.fract() != 0.0 {
                return Err(invalid("hostnum", "value must be a whole number"));
            }
            let Some(net) = parse_cidr(&prefix)? else { return Ok(None) };
            if hostnum.abs() >= 1.7e38 {
                return Ok(None);
            }
            let num = hostnum as i128;
            let max = full(net.bits - net.prefix);
            let mag = num.unsigned_abs();
            let host = if num >= 0 {
                if mag > max {
                    return Err(format!(
                        "prefix of {} does not accommodate a host numbered {num}",
                        net.prefix
                    ));
                }
                mag
            } else {
                let from_end = mag - 1;
                if from_end > max {
                    let shown = i128::try_from(max).unwrap_or(i128::MAX).saturating_sub_unsigned(from_end);
                    return Err(format!(
                        "prefix of {} does not accommodate a host numbered {shown}",
                        net.prefix
                    ));
                }
                max - from_end
            };
            ok(Val::Str(ip_string(net.addr | host, net.bits)))
        }
        "cidrnetmask" => {
            let Some(net) = parse_cidr(&prefix)? else { return Ok(None) };
            if net.bits != 32 {
                return Err(format!("IPv6 addresses cannot have a netmask: {prefix}"));
            }
            ok(Val::Str(ip_string(prefix_mask(net.prefix, 32), 32)))
        }
        "cidrsubnet" => {
            let newbits = int_arg(&args[1], "newbits")?;
            let netnum = number_arg(&args[2], "netnum")?;
            if !netnum.is_finite() || netnum.fract() != 0.0 {
                return Err(invalid("netnum", "value must be a whole number"));
            }
            let Some(net) = parse_cidr(&prefix)? else { return Ok(None) };
            if newbits < 0 || !(0.0..1.7e38).contains(&netnum) {
                // go-cidr computes nonsense for these; Vigil does not guess.
                return Ok(None);
            }
            let new_len = i64::from(net.prefix) + newbits;
            if new_len > i64::from(net.bits) {
                return Err(format!(
                    "insufficient address space to extend prefix of {} by {newbits}",
                    net.prefix
                ));
            }
            let num = netnum as u128;
            if newbits < 128 && num >= 1u128 << newbits {
                return Err(format!(
                    "prefix extension of {newbits} does not accommodate a subnet numbered {num}"
                ));
            }
            let new_len = new_len as u32;
            let addr = net.addr | num.checked_shl(net.bits - new_len).unwrap_or(0);
            ok(Val::Str(subnet_string(addr, new_len, net.bits)))
        }
        "cidrsubnets" => {
            let Some(net) = parse_cidr(&prefix)? else { return Ok(None) };
            let lens: Vec<i64> = args[1..].iter().map(|a| int_arg(a, "newbits")).collect::<Result<_, _>>()?;
            let Some(first) = lens.first() else { return ok(Val::List(vec![])) };
            let bits = net.bits;
            let base_mask = prefix_mask(net.prefix, bits);
            let mut current: Option<(u128, u32)> = None;
            let mut out = Vec::new();
            for l in &lens {
                if *l < 1 {
                    return Err(invalid("newbits", "must extend prefix by at least one bit"));
                }
                if *l > 32 {
                    return Err(invalid("newbits", "may not extend prefix by more than 32 bits"));
                }
                let length = *l + i64::from(net.prefix);
                if length > i64::from(bits) {
                    let proto = if bits == 32 { "IPv4" } else { "IPv6" };
                    return Err(invalid(
                        "newbits",
                        &format!(
                            "would extend prefix to {length} bits, which is too long for an {proto} address"
                        ),
                    ));
                }
                let length = length as u32;
                // The first subnet follows the one just before the base prefix.
                let (cur_addr, cur_len) = current.unwrap_or_else(|| {
                    let first_len = (*first + i64::from(net.prefix)).clamp(0, i64::from(bits)) as u32;
                    (net.addr.wrapping_sub(1) & full(bits) & prefix_mask(first_len, bits), first_len)
                });
                let last = cur_addr | (full(bits) & !prefix_mask(cur_len, bits));
                let containing = last & prefix_mask(length, bits);
                let end = containing | (full(bits) & !prefix_mask(length, bits));
                let after = end.wrapping_add(1) & full(bits);
                let next = after & prefix_mask(length, bits);
                if after == 0 || next & base_mask != net.addr {
                    return Err(invalid(
                        "newbits",
                        &format!(
                            "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                            subnet_string(cur_addr, cur_len, bits)
                        ),
                    ));
                }
                current = Some((next, length));
                out.push(Val::Str(subnet_string(next, length, bits)));
            }
            ok(Val::List(out))
        }
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------
// Dates and times (RFC 3339 timestamps).

struct Timestamp {
    /// Seconds since the Unix epoch, in UTC.
    secs: i64,
    nanos: u32,
    /// The written UTC offset, in seconds east.
    offset: i32,
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Go's `time.Parse(time.RFC3339, s)`, with cty's messages.
fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let bad = |what: &str| format!("not a valid RFC3339 timestamp: {what}");
    let b = s.as_bytes();
    let field = |i: &mut usize, len: usize, what: &str| -> Result<u32, String> {
        match b.get(*i..*i + len).filter(|p| p.iter().all(u8::is_ascii_digit)) {
            Some(p) => {
                *i += len;
                Ok(p.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            }
            None if *i >= b.len() => Err(bad(&format!("end of string before {what}"))),
            None => Err(bad(&format!("cannot use {} as {what}", go_quote(&s[*i..])))),
        }
    };
    let sep = |i: &mut usize, want: u8| -> Result<(), String> {
        let quoted_want = go_quote(&(want as char).to_string());
        match b.get(*i) {
            Some(c) if *c == want => {
                *i += 1;
                Ok(())
            }
            Some(_) if want == b'T' => Err(bad("missing required time introducer 'T'")),
            Some(_) => Err(bad(&format!("found {} where {quoted_want} is expected", go_quote(&s[*i..])))),
            None => Err(bad(&format!("end of string where {quoted_want} is expected"))),
        }
    };
    let mut i = 0;
    let year = field(&mut i, 4, "year")?;
    sep(&mut i, b'-')?;
    let month = field(&mut i, 2, "month")?;
    sep(&mut i, b'-')?;
    let day = field(&mut i, 2, "day of month")?;
    sep(&mut i, b'T')?;
    let hour = field(&mut i, 2, "hour")?;
    sep(&mut i, b':')?;
    let minute = field(&mut i, 2, "minute")?;
    sep(&mut i, b':')?;
    let second = field(&mut i, 2, "second")?;
    let mut nanos = 0u32;
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let padded: String = s[start..i].chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().unwrap_or(0);
    }
    let offset = match b.get(i) {
        Some(b'Z') if i + 1 == b.len() => 0,
        Some(c @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let sign = if *c == b'-' { -1 } else { 1 };
            i += 1;
            let oh = field(&mut i, 2, "UTC offset")?;
            i += 1;
            let om = field(&mut i, 2, "UTC offset")?;
            if oh > 24 || om > 59 {
                return Err(bad("time zone offset out of range"));
            }
            sign * (oh * 3600 + om * 60) as i32
        }
        None => return Err(bad("end of string before UTC offset")),
        Some(_) => return Err(bad(&format!("cannot use {} as UTC offset", go_quote(&s[i..])))),
    };
    if !(1..=12).contains(&month) {
        return Err(bad("month out of range"));
    }
    if day < 1 || day > days_in_month(i64::from(year), month) {
        return Err(bad("day out of range"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(bad("time out of range"));
    }
    let days = days_from_civil(i64::from(year), month, day);
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok(Timestamp { secs: local - i64::from(offset), nanos, offset })
}

/// The civil fields of a timestamp in its own offset: (year, month, day, weekday
/// with Sunday 0, hour, minute, second).
fn civil(t: &Timestamp) -> (i64, u32, u32, u32, u32, u32, u32) {
    let local = t.secs + i64::from(t.offset);
    let days = local.div_euclid(86_400);
    let rem = local.rem_euclid(86_400) as u32;
    let (y, m, d) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as u32;
    (y, m, d, weekday, rem / 3600, rem / 60 % 60, rem % 60)
}

fn offset_string(offset: i32, colon: bool) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let o = offset.unsigned_abs();
    if colon {
        format!("{sign}{:02}:{:02}", o / 3600, o / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}", o / 3600, o / 60 % 60)
    }
}

fn rfc3339(t: &Timestamp) -> String {
    let (y, m, d, _, h, mi, s) = civil(t);
    let zone = if t.offset == 0 { "Z".to_string() } else { offset_string(t.offset, true) };
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

fn formatdate(spec: &str, t: &Timestamp) -> Result<String, String> {
    let (y, m, d, wd, h, mi, s) = civil(t);
    let month = MONTHS[(m as usize + 11) % 12];
    let weekday = WEEKDAYS[wd as usize % 7];
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => return Err("unterminated literal '".into()),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        out.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(ch) => {
                        out.push(*ch);
                        j += 1;
                    }
                }
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let n = chars[i..].iter().take_while(|x| **x == c).count();
        let tok: String = chars[i..i + n].iter().collect();
        i += n;
        let invalid_verb = |why: &str| format!("invalid date format verb {}: {why}", go_quote(&tok));
        match (c, n) {
            ('Y', 2) => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            ('Y', 4) => out.push_str(&format!("{y:04}")),
            ('Y', _) => return Err(invalid_verb("year must either be \"YY\" or \"YYYY\"")),
            ('M', 1) => out.push_str(&m.to_string()),
            ('M', 2) => out.push_str(&format!("{m:02}")),
            ('M', 3) => out.push_str(&month[..3]),
            ('M', 4) => out.push_str(month),
            ('M', _) => return Err(invalid_verb("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
            ('D', 1) => out.push_str(&d.to_string()),
            ('D', 2) => out.push_str(&format!("{d:02}")),
            ('D', _) => return Err(invalid_verb("day of month must either be \"D\" or \"DD\"")),
            ('E', 3) => out.push_str(&weekday[..3]),
            ('E', 4) => out.push_str(weekday),
            ('E', _) => return Err(invalid_verb("day of week must either be \"EEE\" or \"EEEE\"")),
            ('h', 1) => out.push_str(&h.to_string()),
            ('h', 2) => out.push_str(&format!("{h:02}")),
            ('h', _) => return Err(invalid_verb("24-hour must either be \"h\" or \"hh\"")),
            ('H', 1 | 2) => {
                let h12 = if h % 12 == 0 { 12 } else { h % 12 };
                out.push_str(&if n == 1 { h12.to_string() } else { format!("{h12:02}") });
            }
            ('H', _) => return Err(invalid_verb("12-hour must either be \"H\" or \"HH\"")),
            ('A' | 'a', 2) => {
                let pm = h >= 12;
                out.push_str(match (c, pm) {
                    ('A', false) => "AM",
                    ('A', true) => "PM",
                    (_, false) => "am",
                    (_, true) => "pm",
                });
            }
            ('A' | 'a', _) => return Err(invalid_verb(&format!("must be \"{c}{c}\""))),
            ('m', 1) => out.push_str(&mi.to_string()),
            ('m', 2) => out.push_str(&format!("{mi:02}")),
            ('m', _) => return Err(invalid_verb("minute must either be \"m\" or \"mm\"")),
            ('s', 1) => out.push_str(&s.to_string()),
            ('s', 2) => out.push_str(&format!("{s:02}")),
            ('s', _) => return Err(invalid_verb("second must either be \"s\" or \"ss\"")),
            ('Z', 1) => {
                out.push_str(&if t.offset == 0 { "Z".to_string() } else { offset_string(t.offset, true) })
            }
            ('Z', 3) => {
                out.push_str(&if t.offset == 0 { "UTC".to_string() } else { offset_string(t.offset, false) })
            }
            ('Z', 4) => out.push_str(&offset_string(t.offset, false)),
            ('Z', 5) => out.push_str(&offset_string(t.offset, true)),
            ('Z', _) => return Err(invalid_verb("timezone must be Z, ZZZZ, or ZZZZZ")),
            _ => return Err(format!("invalid date format verb {}", go_quote(&tok))),
        }
    }
    Ok(out)
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_duration(s: &str) -> Result<i128, String> {
    let invalid_duration = || format!("time: invalid duration {}", go_quote(s));
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid_duration());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..num_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid_duration());
        }
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {}", go_quote(s))),
            other => {
                return Err(format!("time: unknown unit {} in duration {}", go_quote(other), go_quote(s)))
            }
        };
        total += number.parse::<f64>().map_err(|_| invalid_duration())? * scale;
    }
    if total > 9.2e18 {
        return Err(invalid_duration());
    }
    let nanos = total.round() as i128;
    Ok(if neg { -nanos } else { nanos })
}

fn time_function(name: &str, args: &[Val]) -> R {
    match name {
        "formatdate" => {
            let spec = string_arg(&args[0], "format")?;
            let t = parse_timestamp(&string_arg(&args[1], "time")?)?;
            ok(Val::Str(formatdate(&spec, &t)?))
        }
        "timeadd" => {
            let t = parse_timestamp(&string_arg(&args[0], "timestamp")?)?;
            let d = parse_duration(&string_arg(&args[1], "duration")?)?;
            let total = i128::from(t.secs) * 1_000_000_000 + i128::from(t.nanos) + d;
            let secs = i64::try_from(total.div_euclid(1_000_000_000)).map_err(|_| "time out of range")?;
            let nanos = total.rem_euclid(1_000_000_000) as u32;
            ok(Val::Str(rfc3339(&Timestamp { secs, nanos, offset: t.offset })))
        }
        "timecmp" => {
            let a = parse_timestamp(&string_arg(&args[0], "timestamp_a")?)?;
            let b = parse_timestamp(&string_arg(&args[1], "timestamp_b")?)?;
            let order = (a.secs, a.nanos).cmp(&(b.secs, b.nanos));
            ok(Val::Num(order as i8 as f64))
        }
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------
// Hashes of strings (the file variants need the files).

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_function(name: &str, args: &[Val]) -> R {
    let s = string_arg(&args[0], "str")?;
    match name {
        "md5" => ok(Val::Str(hex(&md5(s.as_bytes())))),
        "sha1" => ok(Val::Str(hex(&sha1(s.as_bytes())))),
        "sha256" => ok(Val::Str(hex(&sha256(s.as_bytes())))),
        "sha512" => ok(Val::Str(hex(&sha512(s.as_bytes())))),
        "base64sha256" => ok(Val::Str(go_base64().encode(sha256(s.as_bytes())))),
        "base64sha512" => ok(Val::Str(go_base64().encode(sha512(s.as_bytes())))),
        "uuidv5" => {
            let name_arg = string_arg(&args[1], "name")?;
            let ns: [u8; 16] = match s.as_str() {
                "dns" => parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                "url" => parse_uuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
                "oid" => parse_uuid("6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
                "x500" => parse_uuid("6ba7b814-9dad-11d1-80b4-00c04fd430c8"),
                other => parse_uuid(other),
            }
            .ok_or_else(|| format!("uuidv5() doesn't support namespace {s} (invalid UUID format)"))?;
            let mut data = ns.to_vec();
            data.extend_from_slice(name_arg.as_bytes());
            let h = sha1(&data);
            let mut u = [0u8; 16];
            u.copy_from_slice(&h[..16]);
            u[6] = (u[6] & 0x0f) | 0x50;
            u[8] = (u[8] & 0x3f) | 0x80;
            let x = hex(&u);
            ok(Val::Str(format!("{}-{}-{}-{}-{}", &x[..8], &x[8..12], &x[12..16], &x[16..20], &x[20..])))
        }
        _ => Ok(None),
    }
}

/// A UUID in the forms Go's `uuid.Parse` reads.
fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let s = s.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(s);
    let hexdigits: String = match s.len() {
        36 => {
            let b = s.as_bytes();
            if [8, 13, 18, 23].iter().any(|i| b[*i] != b'-') {
                return None;
            }
            s.chars().filter(|c| *c != '-').collect()
        }
        32 => s.to_string(),
        _ => return None,
    };
    if hexdigits.len() != 32 || !hexdigits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&hexdigits[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn md5(input: &[u8]) -> [u8; 16] {
    use md5::Digest;
    md5::Md5::digest(input).into()
}

fn sha1(input: &[u8]) -> [u8; 20] {
    use sha1::Digest;
    sha1::Sha1::digest(input).into()
}

fn sha256(input: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(input).into()
}

fn sha512(input: &[u8]) -> [u8; 64] {
    use sha2::Digest;
    sha2::Sha512::digest(input).into()
}

// ---------------------------------------------------------------------------------
// Paths (`/`-separated, as on Linux).

/// Go's `path.Clean`.
fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn path_function(name: &str, args: &[Val]) -> R {
    let p = string_arg(&args[0], "path")?;
    match name {
        // Relative to the directory Terraform runs in, which Vigil does not know.
        "abspath" if !p.starts_with('/') => Ok(None),
        "abspath" => ok(Val::Str(clean_path(&p))),
        "basename" => {
            let trimmed = p.trim_end_matches('/');
            ok(Val::Str(match (p.is_empty(), trimmed.is_empty()) {
                (true, _) => ".".into(),
                (false, true) => "/".into(),
                (false, false) => trimmed.rsplit('/').next().unwrap_or(trimmed).to_string(),
            }))
        }
        "dirname" => {
            let dir = match p.rfind('/') {
                Some(i) => &p[..=i],
                None => "",
            };
            ok(Val::Str(clean_path(dir)))
        }
        "pathexpand" => {
            if !p.starts_with('~') {
                return ok(Val::Str(p));
            }
            if p.len() > 1 && !p[1..].starts_with(['/', '\\']) {
                return Err("cannot expand user-specific home dir".into());
            }
            // The home directory of whoever runs Terraform.
            Ok(None)
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Val {
        Val::Str(x.into())
    }

    fn run(name: &str, args: Vec<Val>) -> Val {
        match call(name, args, "") {
            Outcome::Value(v) => v,
            Outcome::Unknown => Val::Unknown("?".into()),
            Outcome::Error(e) => panic!("{name}: {e}"),
        }
    }

    #[test]
    fn hashes_match_the_published_test_vectors() {
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(&md5(b"abc")), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(
            hex(&sha512(b"abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd\
             454d4423643ce80e2a9ac94fa54ca49f"
        );
        // Two blocks: the padding spills over.
        let long = [b'a'; 1000];
        assert_eq!(hex(&sha256(&long)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    }

    #[test]
    fn numbers_format_as_go_formats_big_floats() {
        assert_eq!(go_float(1000000.0, 'g', -1), "1e+06");
        assert_eq!(go_float(100000.0, 'g', -1), "100000");
        assert_eq!(go_float(0.0001, 'g', -1), "0.0001");
        assert_eq!(go_float(0.00001, 'g', -1), "1e-05");
        assert_eq!(go_float(1.23456, 'f', 2), "1.23");
        assert_eq!(go_float(2.5, 'f', 0), "2");
        assert_eq!(go_float(1000.0, 'e', 6), "1.000000e+03");
        assert_eq!(go_float(0.0, 'e', 2), "0.00e+00");
        assert_eq!(go_float(123456789.0, 'g', 10), "123456789");
        assert_eq!(go_float(1.5, 'g', 10), "1.5");
    }

    #[test]
    fn graphemes_keep_combining_marks_and_emoji_together() {
        assert_eq!(graphemes("e\u{301}a"), vec!["e\u{301}", "a"]);
        assert_eq!(graphemes("💃🏿x").len(), 2);
        assert_eq!(graphemes("👩\u{200d}👩\u{200d}👧").len(), 1);
        assert_eq!(graphemes("🇫🇷🇩🇪").len(), 2);
        assert_eq!(graphemes("\r\n\n").len(), 2);
        assert_eq!(graphemes("한국어").len(), 3);
    }

    #[test]
    fn re2_patterns_mean_what_they_mean_in_go() {
        // \d is ASCII-only in Go.
        assert!(!go_regex(r"^\d$").map(|r| r.is_match("٣")).unwrap_or(true));
        assert!(go_regex(r"^\w+$").map(|r| r.is_match("a_1")).unwrap_or(false));
        assert!(go_regex(r"a{").map(|r| r.is_match("a{")).unwrap_or(false));
        assert!(go_regex(r"[]a]").map(|r| r.is_match("]")).unwrap_or(false));
        assert!(go_regex(r"[a[]").map(|r| r.is_match("[")).unwrap_or(false));
        assert!(go_regex(r"x{2}").map(|r| r.is_match("xx")).unwrap_or(false));
        assert!(go_regex(r"\bfoo\b").map(|r| r.is_match("a foo b")).unwrap_or(false));
        assert!(go_regex("(").is_err());
    }

    #[test]
    fn unknowns_propagate_but_structure_is_kept() {
        assert!(run("upper", vec![Val::Unknown("var.x".into())]).is_unknown());
        let merged = run(
            "merge",
            vec![
                Val::Map([("a".to_string(), Val::Unknown("x".into()))].into()),
                Val::Map([("b".to_string(), Val::Num(1.0))].into()),
            ],
        );
        assert_eq!(
            merged,
            Val::Map([("a".to_string(), Val::Unknown("x".into())), ("b".to_string(), Val::Num(1.0))].into())
        );
        assert!(matches!(call("timestamp", vec![], ""), Outcome::Unknown));
        assert_eq!(run("length", vec![Val::List(vec![Val::Unknown("x".into()), s("a")])]), Val::Num(2.0));
    }

    #[test]
    fn file_functions_read_through_the_given_reader() {
        let read = |p: &str| (p == "./hello.txt").then(|| "hello world".to_string());
        let run_with =
            |name: &str, path: &str| match call_with_files(name, vec![s(path)], &read, &Default::default()) {
                Outcome::Value(v) => v,
                Outcome::Unknown => Val::Unknown("?".into()),
                Outcome::Error(e) => panic!("{name}: {e}"),
            };
        assert_eq!(run_with("file", "./hello.txt"), s("hello world"));
        assert_eq!(run_with("fileexists", "./hello.txt"), Val::Bool(true));
        assert_eq!(run_with("filebase64", "./hello.txt"), s("aGVsbG8gd29ybGQ="));
        assert_eq!(run_with("filemd5", "./hello.txt"), s("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert_eq!(
            run_with("filebase64sha256", "./hello.txt"),
            s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        // Not given is not absent: unknown, without an error.
        assert!(run_with("file", "./other.txt").is_unknown());
        assert!(run_with("fileexists", "./other.txt").is_unknown());
        assert!(matches!(call("file", vec![s("./hello.txt")], ""), Outcome::Unknown));
    }

    /// A binary file (the usual Lambda zip) as the walker hands it over. The expected
    /// values were computed with Python's hashlib and base64 on the same bytes.
    #[test]
    fn file_functions_read_binary_files() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(0..=255u8);
        let zip = crate::SourceFile::from_bytes("lambda.zip", bytes);
        assert!(zip.is_binary());
        let read = |p: &str| (p == "lambda.zip").then(|| zip.text.clone());
        let run_with = |name: &str| call_with_files(name, vec![s("lambda.zip")], &read, &Default::default());
        let value = |name: &str| match run_with(name) {
            Outcome::Value(Val::Str(v)) => v,
            _ => panic!("{name} gave no string"),
        };
        assert_eq!(value("filebase64sha256"), "v+a5uJx8TA+QySkIL2FdbFtNKzwgeNiQJYvLQfLqo0I=");
        assert_eq!(
            value("filebase64sha512"),
            "8GDsB91F0kyggqhSmT19NTHHfIh8ApjjJalVniTM4tUugUzk3pjVqL9bwgFImswSa3utkFdc+a/R6QxOToeVsA=="
        );
        assert_eq!(value("filesha256"), "bfe6b9b89c7c4c0f90c929082f615d6c5b4d2b3c2078d890258bcb41f2eaa342");
        assert_eq!(value("filemd5"), "b6b0fcd3901f6dc9eb310143df5d4b75");
        assert_eq!(value("filesha1"), "e2fbeb37a9952efb4fdaf3a3bf54e3aa1cb7df91");
        assert!(value("filebase64").starts_with("UEsDBAABAgMEBQYHCAkK"));
        assert!(value("filebase64").ends_with("+Pn6+/z9/v8="));
        assert!(matches!(run_with("fileexists"), Outcome::Value(Val::Bool(true))));
        // `file()` of it is Terraform's error, at the call.
        match run_with("file") {
            Outcome::Error(e) => assert!(
                e.starts_with("contents of \"lambda.zip\" are not valid UTF-8; use the filebase64 function"),
                "{e}"
            ),
            _ => panic!("file() of a binary file must fail"),
        }
    }

    #[test]
    fn arity_and_types_are_errors() {
        assert!(matches!(call("upper", vec![], ""), Outcome::Error(_)));
        assert!(matches!(call("upper", vec![Val::List(vec![])], ""), Outcome::Error(_)));
        assert!(matches!(call("lookup", vec![Val::Map(BTreeMap::new()), s("k")], ""), Outcome::Error(_)));
        assert!(matches!(call("provider::aws::arn_parse", vec![s("x")], ""), Outcome::Unknown));
    }
}
