//! Turning YAML/JSON trees into resource values plus their source map.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};
use vigil_syntax::{SNode, SValue};

use crate::resource::{escape_token, JsonPointer, Span};

/// Plain conversion: tags are dropped (their value kept), every node is mapped.
pub fn to_value(
    node: &SNode,
    pointer: &str,
    key: Option<vigil_syntax::TextRange>,
    map: &mut BTreeMap<JsonPointer, Span>,
) -> Value {
    map.insert(pointer.to_string(), Span { key, value: node.range });
    match &node.value {
        SValue::Null => Value::Null,
        SValue::Bool(b) => Value::Bool(*b),
        SValue::Int(i) => Value::Number((*i).into()),
        SValue::Float(f) => float(*f),
        SValue::String(s) => Value::String(s.clone()),
        SValue::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_value(item, &format!("{pointer}/{i}"), None, map))
                .collect(),
        ),
        SValue::Map(entries) => {
            let mut object = Map::new();
            for e in entries {
                let child = format!("{pointer}/{}", escape_token(&e.key));
                object.insert(e.key.clone(), to_value(&e.value, &child, Some(e.key_range), map));
            }
            Value::Object(object)
        }
        SValue::Tagged(_, inner) => to_value(inner, pointer, key, map),
    }
}

pub fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}
