//! The JSON reader: any text, no panic, every node and error in range; and a text
//! that serde_json reads as a JSON value is read without an error, to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vigil_syntax::{SNode, SValue};

fuzz_target!(|data: &[u8]| {
    let text = vigil_fuzz::text(data);
    let file = vigil_syntax::json::parse(&text);
    vigil_fuzz::check_syntax_errors(&text, &file.errors);
    if let Some(root) = &file.root {
        vigil_fuzz::check_tree(&text, root);
    }
    // Vigil refuses a file nested deeper than its budget (100 by default) before
    // reading it; serde_json reads up to 128 levels.
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        if depth(&value) >= 100 {
            return;
        }
        assert!(file.errors.is_empty(), "valid JSON read with errors: {:?}", file.errors);
        let Some(root) = &file.root else { panic!("valid JSON read as nothing") };
        assert!(same(root, &value), "valid JSON read as another value: {root:?} vs {value}");
    }
});

/// Whether Vigil's tree is the value serde_json reads (numbers compared as f64, keys
/// as serde_json keeps them: the last of repeated keys).
fn same(node: &SNode, value: &Value) -> bool {
    match (&node.value, value) {
        (SValue::Null, Value::Null) => true,
        (SValue::Bool(a), Value::Bool(b)) => a == b,
        (SValue::Int(a), Value::Number(b)) => {
            b.as_f64().is_some_and(|b| (*a as f64 - b).abs() <= b.abs() * 1e-12)
        }
        (SValue::Float(a), Value::Number(b)) => {
            b.as_f64().is_some_and(|b| *a == b || (a - b).abs() <= b.abs() * 1e-12)
        }
        (SValue::String(a), Value::String(b)) => a == b,
        (SValue::Seq(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (SValue::Map(entries), Value::Object(map)) => {
            map.iter().all(|(k, v)| node.get(k).is_some_and(|n| same(n, v)))
                && entries.iter().all(|e| map.contains_key(&e.key))
        }
        _ => false,
    }
}

/// Levels of nested arrays and objects (iteratively: serde_json's tree may be 128
/// deep).
fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((v, d)) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, d + 1))),
            _ => continue,
        }
        deepest = deepest.max(d + 1);
    }
    deepest
}
