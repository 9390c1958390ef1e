//! Terraform's built-in functions (the commonly used part of the library).
//!
//! A function whose inputs are unknown returns unknown; structural functions
//! (concat, merge, lookup, element, ...) keep unknown *elements* in place instead.
//! An unsupported function yields unknown: Vigil never guesses.

use std::collections::BTreeMap;

use base64::Engine as _;

use super::value::{format_number, Val};

pub enum Outcome {
    Value(Val),
    Unknown,
    Error(String),
}

/// Functions that handle unknown elements of their arguments themselves.
const STRUCTURAL: &[&str] = &[
    "concat",
    "merge",
    "tolist",
    "toset",
    "tomap",
    "lookup",
    "element",
    "flatten",
    "length",
    "keys",
    "values",
    "coalesce",
    "coalescelist",
    "slice",
    "reverse",
    "zipmap",
    "compact",
];

pub fn call(name: &str, args: Vec<Val>, _module_dir: &str) -> Outcome {
    let name = name.strip_prefix("provider::terraform::").unwrap_or(name);
    if args.iter().any(Val::is_unknown)
        || (!STRUCTURAL.contains(&name) && args.iter().any(Val::contains_unknown))
    {
        return Outcome::Unknown;
    }
    match call_known(name, args) {
        Ok(Some(v)) => Outcome::Value(v),
        Ok(None) => Outcome::Unknown,
        Err(e) => Outcome::Error(e),
    }
}

type R = Result<Option<Val>, String>;

fn ok(v: Val) -> R {
    Ok(Some(v))
}

fn arity(args: &[Val], n: usize) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!("expects {n} argument(s), got {}", args.len()))
    }
}

fn string(v: &Val) -> Result<String, String> {
    v.to_str().ok_or_else(|| format!("expects a string, got {}", v.type_name()))
}

fn number(v: &Val) -> Result<f64, String> {
    v.to_num().ok_or_else(|| format!("expects a number, got {}", v.type_name()))
}

fn list(v: &Val) -> Result<Vec<Val>, String> {
    match v {
        Val::List(items) => Ok(items.clone()),
        other => Err(format!("expects a list, got {}", other.type_name())),
    }
}

fn map(v: &Val) -> Result<BTreeMap<String, Val>, String> {
    match v {
        Val::Map(m) => Ok(m.clone()),
        other => Err(format!("expects a map or object, got {}", other.type_name())),
    }
}

/// Terraform equality: numbers compare by value, strings by content.
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

fn set_of(items: Vec<Val>) -> Val {
    let mut out: Vec<Val> = Vec::new();
    for item in items {
        if !out.iter().any(|x| equal(x, &item)) {
            out.push(item);
        }
    }
    // Sets of strings iterate in lexical order in Terraform.
    if out.iter().all(|v| matches!(v, Val::Str(_))) {
        out.sort_by_key(Val::to_str);
    }
    Val::List(out)
}

fn call_known(name: &str, args: Vec<Val>) -> R {
    match name {
        // Strings
        "lower" => {
            arity(&args, 1)?;
            ok(Val::Str(string(&args[0])?.to_lowercase()))
        }
        "upper" => {
            arity(&args, 1)?;
            ok(Val::Str(string(&args[0])?.to_uppercase()))
        }
        "title" => {
            arity(&args, 1)?;
            let s = string(&args[0])?;
            let mut out = String::new();
            let mut start = true;
            for c in s.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = !c.is_alphanumeric();
            }
            ok(Val::Str(out))
        }
        "trimspace" => {
            arity(&args, 1)?;
            ok(Val::Str(string(&args[0])?.trim().to_string()))
        }
        "trim" => {
            arity(&args, 2)?;
            let cut = string(&args[1])?;
            ok(Val::Str(string(&args[0])?.trim_matches(|c| cut.contains(c)).to_string()))
        }
        "trimprefix" => {
            arity(&args, 2)?;
            let s = string(&args[0])?;
            let p = string(&args[1])?;
            ok(Val::Str(s.strip_prefix(p.as_str()).unwrap_or(&s).to_string()))
        }
        "trimsuffix" => {
            arity(&args, 2)?;
            let s = string(&args[0])?;
            let p = string(&args[1])?;
            ok(Val::Str(s.strip_suffix(p.as_str()).unwrap_or(&s).to_string()))
        }
        "startswith" => {
            arity(&args, 2)?;
            ok(Val::Bool(string(&args[0])?.starts_with(&string(&args[1])?)))
        }
        "endswith" => {
            arity(&args, 2)?;
            ok(Val::Bool(string(&args[0])?.ends_with(&string(&args[1])?)))
        }
        "strcontains" => {
            arity(&args, 2)?;
            ok(Val::Bool(string(&args[0])?.contains(&string(&args[1])?)))
        }
        "strrev" => {
            arity(&args, 1)?;
            ok(Val::Str(string(&args[0])?.chars().rev().collect()))
        }
        "substr" => {
            arity(&args, 3)?;
            let s: Vec<char> = string(&args[0])?.chars().collect();
            let offset = number(&args[1])? as i64;
            let length = number(&args[2])? as i64;
            let len = s.len() as i64;
            let start = if offset < 0 { (len + offset).max(0) } else { offset.min(len) };
            let end = if length < 0 { len } else { (start + length).min(len) };
            ok(Val::Str(s[start as usize..end.max(start) as usize].iter().collect()))
        }
        "join" => {
            arity(&args, 2)?;
            let sep = string(&args[0])?;
            let items = list(&args[1])?;
            let parts: Result<Vec<String>, String> = items.iter().map(string).collect();
            ok(Val::Str(parts?.join(&sep)))
        }
        "split" => {
            arity(&args, 2)?;
            let sep = string(&args[0])?;
            let s = string(&args[1])?;
            if s.is_empty() {
                return ok(Val::List(vec![]));
            }
            ok(Val::List(s.split(sep.as_str()).map(|p| Val::Str(p.to_string())).collect()))
        }
        "replace" => {
            arity(&args, 3)?;
            let s = string(&args[0])?;
            let from = string(&args[1])?;
            let to = string(&args[2])?;
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                let re =
                    regex::Regex::new(&from[1..from.len() - 1]).map_err(|e| format!("invalid regex: {e}"))?;
                return ok(Val::Str(re.replace_all(&s, to.replace("$", "$$").as_str()).into_owned()));
            }
            ok(Val::Str(s.replace(&from, &to)))
        }
        "format" => {
            let fmt = string(args.first().ok_or("expects a format string")?)?;
            ok(Val::Str(format(&fmt, &args[1..])?))
        }
        "formatlist" => {
            let fmt = string(args.first().ok_or("expects a format string")?)?;
            let rest = &args[1..];
            let n = rest
                .iter()
                .filter_map(|a| if let Val::List(l) = a { Some(l.len()) } else { None })
                .max()
                .unwrap_or(1);
            let mut out = Vec::new();
            for i in 0..n {
                let row: Vec<Val> = rest
                    .iter()
                    .map(|a| match a {
                        Val::List(l) => l.get(i).cloned().unwrap_or(Val::Null),
                        other => other.clone(),
                    })
                    .collect();
                out.push(Val::Str(format(&fmt, &row)?));
            }
            ok(Val::List(out))
        }
        "regex" | "regexall" => {
            arity(&args, 2)?;
            let re = regex::Regex::new(&string(&args[0])?).map_err(|e| format!("invalid regex: {e}"))?;
            let s = string(&args[1])?;
            let capture = |c: regex::Captures<'_>| -> Val {
                let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
                if names.is_empty() {
                    Val::Str(c.get(0).map_or("", |m| m.as_str()).to_string())
                } else if names.iter().all(Option::is_some) {
                    Val::Map(
                        names
                            .iter()
                            .flatten()
                            .map(|n| {
                                (n.to_string(), c.name(n).map_or(Val::Null, |m| Val::Str(m.as_str().into())))
                            })
                            .collect(),
                    )
                } else {
                    Val::List(
                        (1..c.len())
                            .map(|i| c.get(i).map_or(Val::Null, |m| Val::Str(m.as_str().into())))
                            .collect(),
                    )
                }
            };
            if name == "regex" {
                let c = re.captures(&s).ok_or("pattern did not match")?;
                ok(capture(c))
            } else {
                ok(Val::List(re.captures_iter(&s).map(capture).collect()))
            }
        }
        // Collections
        "length" => {
            arity(&args, 1)?;
            match &args[0] {
                Val::List(l) => ok(Val::Num(l.len() as f64)),
                Val::Map(m) => ok(Val::Num(m.len() as f64)),
                Val::Str(s) => ok(Val::Num(s.chars().count() as f64)),
                other => Err(format!("cannot take the length of a {}", other.type_name())),
            }
        }
        "concat" => {
            let mut out = Vec::new();
            for a in &args {
                out.extend(list(a)?);
            }
            ok(Val::List(out))
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for a in &args {
                match a {
                    Val::Null => {}
                    other => out.extend(map(other)?),
                }
            }
            ok(Val::Map(out))
        }
        "lookup" => {
            if args.len() < 2 || args.len() > 3 {
                return Err("expects 2 or 3 arguments".into());
            }
            let m = map(&args[0])?;
            let k = string(&args[1])?;
            match (m.get(&k), args.get(2)) {
                (Some(v), _) => ok(v.clone()),
                (None, Some(default)) => ok(default.clone()),
                (None, None) => Err(format!("the map has no key `{k}`")),
            }
        }
        "element" => {
            arity(&args, 2)?;
            let l = list(&args[0])?;
            if l.is_empty() {
                return Err("cannot use element() on an empty list".into());
            }
            let i = number(&args[1])? as usize;
            ok(l[i % l.len()].clone())
        }
        "index" => {
            arity(&args, 2)?;
            let l = list(&args[0])?;
            let i = l.iter().position(|x| equal(x, &args[1])).ok_or("value not found")?;
            ok(Val::Num(i as f64))
        }
        "contains" => {
            arity(&args, 2)?;
            ok(Val::Bool(list(&args[0])?.iter().any(|x| equal(x, &args[1]))))
        }
        "keys" => {
            arity(&args, 1)?;
            ok(Val::List(map(&args[0])?.into_keys().map(Val::Str).collect()))
        }
        "values" => {
            arity(&args, 1)?;
            ok(Val::List(map(&args[0])?.into_values().collect()))
        }
        "coalesce" => {
            for a in &args {
                match a {
                    Val::Null => continue,
                    Val::Str(s) if s.is_empty() => continue,
                    Val::Unknown(_) => return Ok(None),
                    v => return ok(v.clone()),
                }
            }
            Err("no non-null, non-empty argument".into())
        }
        "coalescelist" => {
            for a in &args {
                match a {
                    Val::List(l) if l.is_empty() => continue,
                    v => return ok(v.clone()),
                }
            }
            Err("no non-empty list argument".into())
        }
        "compact" => {
            arity(&args, 1)?;
            let l = list(&args[0])?;
            if l.iter().any(Val::is_unknown) {
                return Ok(None);
            }
            ok(Val::List(
                l.into_iter().filter(|v| !matches!(v, Val::Null) && v != &Val::Str(String::new())).collect(),
            ))
        }
        "distinct" => {
            arity(&args, 1)?;
            let mut out: Vec<Val> = Vec::new();
            for v in list(&args[0])? {
                if !out.iter().any(|x| equal(x, &v)) {
                    out.push(v);
                }
            }
            ok(Val::List(out))
        }
        "flatten" => {
            arity(&args, 1)?;
            fn flat(v: Vec<Val>, out: &mut Vec<Val>) {
                for item in v {
                    match item {
                        Val::List(inner) => flat(inner, out),
                        other => out.push(other),
                    }
                }
            }
            let mut out = Vec::new();
            flat(list(&args[0])?, &mut out);
            ok(Val::List(out))
        }
        "reverse" => {
            arity(&args, 1)?;
            let mut l = list(&args[0])?;
            l.reverse();
            ok(Val::List(l))
        }
        "slice" => {
            arity(&args, 3)?;
            let l = list(&args[0])?;
            let (a, b) = (number(&args[1])? as usize, number(&args[2])? as usize);
            if a > b || b > l.len() {
                return Err("slice indices out of range".into());
            }
            ok(Val::List(l[a..b].to_vec()))
        }
        "sort" => {
            arity(&args, 1)?;
            let l = list(&args[0])?;
            let mut s: Vec<String> = l.iter().map(string).collect::<Result<_, _>>()?;
            s.sort();
            ok(Val::List(s.into_iter().map(Val::Str).collect()))
        }
        "range" => {
            let nums: Vec<f64> = args.iter().map(number).collect::<Result<_, _>>()?;
            let (start, end, step) = match nums.as_slice() {
                [e] => (0.0, *e, 1.0),
                [s, e] => (*s, *e, if s <= e { 1.0 } else { -1.0 }),
                [s, e, st] => (*s, *e, *st),
                _ => return Err("expects 1 to 3 arguments".into()),
            };
            if step == 0.0 {
                return Err("step must not be zero".into());
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                out.push(Val::Num(x));
                x += step;
                if out.len() > 1024 {
                    return Err("range too long (more than 1024 elements)".into());
                }
            }
            ok(Val::List(out))
        }
        "zipmap" => {
            arity(&args, 2)?;
            let ks = list(&args[0])?;
            let vs = list(&args[1])?;
            if ks.len() != vs.len() {
                return Err("keys and values must have the same length".into());
            }
            let mut out = BTreeMap::new();
            for (k, v) in ks.iter().zip(vs) {
                match k {
                    Val::Unknown(_) => return Ok(None),
                    k => {
                        out.insert(string(k)?, v);
                    }
                }
            }
            ok(Val::Map(out))
        }
        "setunion" => {
            let mut all = Vec::new();
            for a in &args {
                all.extend(list(a)?);
            }
            ok(set_of(all))
        }
        // Conversions
        "tostring" => {
            arity(&args, 1)?;
            match &args[0] {
                Val::Null => ok(Val::Null),
                v => ok(Val::Str(string(v)?)),
            }
        }
        "tonumber" => {
            arity(&args, 1)?;
            match &args[0] {
                Val::Null => ok(Val::Null),
                v => ok(Val::Num(number(v)?)),
            }
        }
        "tobool" => {
            arity(&args, 1)?;
            match &args[0] {
                Val::Null => ok(Val::Null),
                v => ok(Val::Bool(
                    v.to_bool().ok_or_else(|| format!("cannot convert {} to bool", v.type_name()))?,
                )),
            }
        }
        "tolist" => {
            arity(&args, 1)?;
            ok(Val::List(list(&args[0])?))
        }
        "toset" => {
            arity(&args, 1)?;
            ok(set_of(list(&args[0])?))
        }
        "tomap" => {
            arity(&args, 1)?;
            ok(Val::Map(map(&args[0])?))
        }
        // Numbers
        "min" | "max" => {
            let nums: Vec<f64> = args.iter().map(number).collect::<Result<_, _>>()?;
            let first = *nums.first().ok_or("expects at least one number")?;
            let pick = if name == "min" { f64::min } else { f64::max };
            ok(Val::Num(nums.into_iter().fold(first, pick)))
        }
        "abs" => {
            arity(&args, 1)?;
            ok(Val::Num(number(&args[0])?.abs()))
        }
        "ceil" => {
            arity(&args, 1)?;
            ok(Val::Num(number(&args[0])?.ceil()))
        }
        "floor" => {
            arity(&args, 1)?;
            ok(Val::Num(number(&args[0])?.floor()))
        }
        "pow" => {
            arity(&args, 2)?;
            ok(Val::Num(number(&args[0])?.powf(number(&args[1])?)))
        }
        "signum" => {
            arity(&args, 1)?;
            ok(Val::Num(number(&args[0])?.signum()))
        }
        "parseint" => {
            arity(&args, 2)?;
            let n = i64::from_str_radix(&string(&args[0])?, number(&args[1])? as u32)
                .map_err(|e| e.to_string())?;
            ok(Val::Num(n as f64))
        }
        // Encoding
        "jsonencode" => {
            arity(&args, 1)?;
            match args[0].to_plain_json() {
                Some(json) => ok(Val::Str(json.to_string())),
                None => Ok(None),
            }
        }
        "jsondecode" => {
            arity(&args, 1)?;
            let v: serde_json::Value =
                serde_json::from_str(&string(&args[0])?).map_err(|e| format!("invalid JSON: {e}"))?;
            ok(Val::from_json(&v))
        }
        "base64encode" => {
            arity(&args, 1)?;
            ok(Val::Str(base64::engine::general_purpose::STANDARD.encode(string(&args[0])?)))
        }
        "base64decode" => {
            arity(&args, 1)?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(string(&args[0])?)
                .map_err(|e| e.to_string())?;
            ok(Val::Str(String::from_utf8(bytes).map_err(|_| "the decoded bytes are not UTF-8")?))
        }
        "urlencode" => {
            arity(&args, 1)?;
            let s = string(&args[0])?;
            let mut out = String::new();
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            ok(Val::Str(out))
        }
        // Anything else (file(), timestamp(), uuid(), cidrsubnet(), ...) is not known here.
        _ => Ok(None),
    }
}

/// Terraform's `format` verbs: %s %d %f %v %q %t %%, with simple width/precision.
fn format(fmt: &str, args: &[Val]) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next_arg = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '.' || d == '-' || d == '+' || d == '#' || d == ' ' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let verb = chars.next().ok_or("format string ends after %")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = args.get(next_arg).ok_or("not enough arguments for the format string")?;
        next_arg += 1;
        let precision = spec.split('.').nth(1).and_then(|p| p.parse::<usize>().ok());
        let width = spec
            .split('.')
            .next()
            .and_then(|w| w.trim_start_matches(['-', '+', '#', ' ']).parse::<usize>().ok());
        let s = match verb {
            's' | 'v' => match arg {
                Val::List(_) | Val::Map(_) => arg.to_plain_json().map(|j| j.to_string()).unwrap_or_default(),
                other => string(other)?,
            },
            'd' => format!("{}", number(arg)? as i64),
            'f' => format!("{:.*}", precision.unwrap_or(6), number(arg)?),
            'g' => format_number(number(arg)?),
            'q' => format!("{:?}", string(arg)?),
            't' => arg.to_bool().ok_or("%t needs a bool")?.to_string(),
            'x' => format!("{:x}", number(arg)? as i64),
            'X' => format!("{:X}", number(arg)? as i64),
            'o' => format!("{:o}", number(arg)? as i64),
            'b' => format!("{:b}", number(arg)? as i64),
            other => return Err(format!("unsupported format verb %{other}")),
        };
        match width {
            Some(w) if s.chars().count() < w => {
                let pad = " ".repeat(w - s.chars().count());
                if spec.starts_with('-') {
                    out.push_str(&s);
                    out.push_str(&pad);
                } else {
                    out.push_str(&pad);
                    out.push_str(&s);
                }
            }
            _ => out.push_str(&s),
        }
    }
    Ok(out)
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
    fn string_functions() {
        assert_eq!(run("format", vec![s("%s-%03d"), s("a"), Val::Num(7.0)]), s("a-  7"));
        assert_eq!(run("join", vec![s(","), Val::List(vec![s("a"), s("b")])]), s("a,b"));
        assert_eq!(run("replace", vec![s("a-b-c"), s("/-/"), s("_")]), s("a_b_c"));
        assert_eq!(run("split", vec![s(","), s("a,b")]), Val::List(vec![s("a"), s("b")]));
        assert_eq!(run("substr", vec![s("hello"), Val::Num(1.0), Val::Num(3.0)]), s("ell"));
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
    }

    #[test]
    fn conversions_and_json() {
        assert_eq!(
            run("toset", vec![Val::List(vec![s("b"), s("a"), s("b")])]),
            Val::List(vec![s("a"), s("b")])
        );
        assert_eq!(
            run("jsonencode", vec![Val::Map([("a".to_string(), Val::Num(1.0))].into())]),
            s(r#"{"a":1}"#)
        );
        assert_eq!(run("tonumber", vec![s("42")]), Val::Num(42.0));
        assert!(matches!(call("lookup", vec![Val::Map(BTreeMap::new()), s("k")], ""), Outcome::Error(_)));
    }
}
