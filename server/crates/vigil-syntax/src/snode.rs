//! A plain data tree with byte ranges, shared by the YAML and JSON readers.

use crate::TextRange;

/// A value with the range of the text that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct SNode {
    pub value: SValue,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<SNode>),
    Map(Vec<SEntry>),
    /// A value under a local tag such as CloudFormation's `!Ref` (tag without `!`).
    Tagged(String, Box<SNode>),
}

/// One key of a mapping. `range` covers the key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct SEntry {
    pub key: String,
    pub key_range: TextRange,
    pub value: SNode,
    pub range: TextRange,
}

impl SNode {
    pub fn new(value: SValue, range: TextRange) -> Self {
        SNode { value, range }
    }

    /// The value of `key` when this is a mapping (the last one when repeated).
    pub fn get(&self, key: &str) -> Option<&SNode> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&SEntry> {
        match &self.value {
            SValue::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            SValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[SEntry] {
        match &self.value {
            SValue::Map(entries) => entries,
            _ => &[],
        }
    }
}
