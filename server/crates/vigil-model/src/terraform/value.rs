//! Terraform values during evaluation. `Unknown` carries the expression text it
//! stands for, so the previewed value can show where it comes from.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::resource::escape_token;

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Val>),
    /// Objects and maps. Terraform iterates them in key order, as a BTreeMap does.
    Map(BTreeMap<String, Val>),
    Unknown(String),
}

impl Val {
    pub fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown(_))
    }

    /// Unknown anywhere inside, not only at the top.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Val::Unknown(_) => true,
            Val::List(items) => items.iter().any(Val::contains_unknown),
            Val::Map(map) => map.values().any(Val::contains_unknown),
            _ => false,
        }
    }

    /// About how much work copying the value is, in preview steps (see
    /// [`vigil_syntax::Limits::preview_steps`]): one per value, and one per 64 bytes
    /// of string.
    pub fn weight(&self) -> usize {
        match self {
            Val::Str(s) | Val::Unknown(s) => 1 + s.len() / 64,
            Val::List(items) => items.iter().fold(1, |n, i| n.saturating_add(i.weight())),
            Val::Map(map) => map.iter().fold(1, |n, (k, v)| n.saturating_add(k.len() / 64 + v.weight())),
            _ => 1,
        }
    }

    /// [`weight`](Self::weight) of the outermost level alone: the work of making the
    /// value from values already made.
    pub fn top_weight(&self) -> usize {
        match self {
            Val::Str(s) | Val::Unknown(s) => 1 + s.len() / 64,
            Val::List(items) => 1 + items.len(),
            Val::Map(map) => 1 + map.len(),
            _ => 1,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "bool",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
            Val::List(_) => "list",
            Val::Map(_) => "object",
            Val::Unknown(_) => "unknown",
        }
    }

    /// Terraform's automatic conversion to string (numbers without a trailing `.0`).
    pub fn to_str(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Num(n) => Some(format_number(*n)),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn to_num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            Val::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn to_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            Val::Str(s) if s == "true" => Some(true),
            Val::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// Converts to JSON for `values`; unknowns become `"${expr}"` and their pointers
    /// are collected.
    pub fn to_json(&self, pointer: &str, unknown: &mut Vec<String>) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Num(n) => number_json(*n),
            Val::Str(s) => Value::String(s.clone()),
            Val::List(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.to_json(&format!("{pointer}/{i}"), unknown))
                    .collect(),
            ),
            Val::Map(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), v.to_json(&format!("{pointer}/{}", escape_token(k)), unknown)))
                    .collect(),
            ),
            Val::Unknown(text) => {
                unknown.push(pointer.to_string());
                Value::String(format!("${{{text}}}"))
            }
        }
    }

    /// Converts plain JSON (jsondecode) into a value.
    pub fn from_json(v: &Value) -> Val {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
            Value::String(s) => Val::Str(s.clone()),
            Value::Array(a) => Val::List(a.iter().map(Val::from_json).collect()),
            Value::Object(o) => Val::Map(o.iter().map(|(k, v)| (k.clone(), Val::from_json(v))).collect()),
        }
    }

    /// Plain JSON of a fully known value (jsonencode); `None` if anything is unknown.
    pub fn to_plain_json(&self) -> Option<Value> {
        Some(match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Num(n) => number_json(*n),
            Val::Str(s) => Value::String(s.clone()),
            Val::List(items) => Value::Array(items.iter().map(Val::to_plain_json).collect::<Option<_>>()?),
            Val::Map(map) => Value::Object(
                map.iter().map(|(k, v)| Some((k.clone(), v.to_plain_json()?))).collect::<Option<_>>()?,
            ),
            Val::Unknown(_) => return None,
        })
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::Number((n as i64).into())
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}
