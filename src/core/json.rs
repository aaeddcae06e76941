//! A small JSON value: what the config, traits and snapshots are read from,
//! and what event payloads are written as.
//!
//! Text becomes a `Value` through [`super::parse`]; one hand-written `Serialize`
//! sends it to JavaScript through serde-wasm-bindgen (and to serde_json in the CLI).
//! Objects keep their key order.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A JSON value. Numbers are `f64`, which holds every epoch-ms time exactly.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null` (and `undefined` coming from JavaScript).
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in their original order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object, if this is one and it has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            // The last of a repeated key (see `parse`).
            Value::Object(members) => members.iter().rfind(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The JSON type name used in error messages ("a string", "an array", ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// An object from `(key, value)` pairs.
    pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
        Value::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// A number, or `null` for `None`.
    pub fn opt_num(n: Option<u64>) -> Value {
        n.map_or(Value::Null, |n| Value::Number(n as f64))
    }

    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

/// Deepest nesting the parser accepts: more is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 64;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => {
                // Integral values go out as integers, so JSON text reads `12`, not `12.0`.
                if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
                    s.serialize_i64(*n as i64)
                } else {
                    s.serialize_f64(*n)
                }
            }
            Value::String(v) => s.serialize_str(v),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl fmt::Display for Value {
    /// Compact JSON text (used by snapshots and messages).
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut out = String::new();
        self.write_json(&mut out);
        f.write_str(&out)
    }
}

impl Value {
    /// Appends this value as compact JSON text to `out` (straight into the String:
    /// the snapshot is written after every change).
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            // Whole numbers (times, counts: nearly every number stored) without the
            // general formatter's allocation.
            Value::Number(n) if (0.0..9.0e15).contains(n) && n.fract() == 0.0 => {
                super::strs::push_number(out, *n as u64)
            }
            Value::Number(n) => out.push_str(&super::num::decimal(*n)),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    // Most strings (ids, codes) need no escape: copied whole.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u");
                super::strs::push_hex(out, c as u32, 4);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
