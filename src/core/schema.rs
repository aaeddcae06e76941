//! The JSON Schema of the config, generated from the same tables as the
//! structural check ([`super::shape`]), so the two cannot drift.
//!
//! `make build` writes it to `pkg/firstvalue.schema.json` with `firstvalue schema`.
//! Rules that span the config (references, cycles, segments) are not expressible
//! in JSON Schema; `validateConfig` and `firstvalue check` apply them.

use super::json::Value;
use super::shape::{Shape, Ty, SHAPES};

const DURATION_PATTERN: &str =
    r"^P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?$";
const ID_PATTERN: &str = "^[a-z0-9_-]{1,64}$";

/// The config's JSON Schema (draft 2020-12).
///
/// ```
/// let schema = firstvalue::core::schema::json_schema();
/// assert_eq!(schema.get("$ref").and_then(|v| v.as_str()), Some("#/$defs/Config"));
/// ```
pub fn json_schema() -> Value {
    let mut defs: Vec<(String, Value)> = SHAPES
        .iter()
        .map(|s| (s.name.to_string(), shape(s)))
        .collect();
    defs.push(("Rule".to_string(), rule()));
    Value::object([
        (
            "$schema",
            Value::str("https://json-schema.org/draft/2020-12/schema"),
        ),
        (
            "$id",
            Value::str("https://firstvalue.dev/firstvalue.schema.json"),
        ),
        ("title", Value::str("firstvalue config")),
        ("$ref", Value::str("#/$defs/Config")),
        ("$defs", Value::Object(defs)),
    ])
}

fn shape(s: &Shape) -> Value {
    let props = s
        .fields
        .iter()
        .map(|f| {
            let mut t = ty(&f.ty);
            if let Value::Object(m) = &mut t {
                m.push(("description".into(), Value::str(f.doc)));
            }
            (f.name.to_string(), t)
        })
        .collect();
    let required = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| Value::str(f.name))
        .collect();
    let mut members = vec![
        ("type".to_string(), Value::str("object")),
        ("description".to_string(), Value::str(s.doc)),
        ("properties".to_string(), Value::Object(props)),
        ("required".to_string(), Value::Array(required)),
        ("additionalProperties".to_string(), Value::Bool(false)),
    ];
    if !s.one_of.is_empty() {
        let alts = s
            .one_of
            .iter()
            .map(|k| Value::object([("required", Value::Array(vec![Value::str(k)]))]))
            .collect();
        members.push(("oneOf".to_string(), Value::Array(alts)));
    }
    Value::Object(members)
}

/// A completion rule: an event name, or an object of one kind.
fn rule() -> Value {
    let mut alts = vec![Value::object([
        ("type", Value::str("string")),
        ("minLength", Value::Number(1.0)),
        ("maxLength", Value::Number(100.0)),
        (
            "description",
            Value::str("An event name: the host tracks it once."),
        ),
    ])];
    for s in super::shape::RULES {
        alts.push(Value::object([(
            "$ref",
            Value::String(format!("#/$defs/{}", s.name)),
        )]));
    }
    Value::object([
        (
            "description",
            Value::str("A completion rule: an event name or a rule object."),
        ),
        ("anyOf", Value::Array(alts)),
    ])
}

fn scalar() -> Value {
    Value::object([(
        "type",
        Value::Array(
            ["string", "number", "boolean", "null"]
                .map(Value::str)
                .to_vec(),
        ),
    )])
}

fn ty(t: &Ty) -> Value {
    let n = |x: usize| Value::Number(x as f64);
    match t {
        Ty::Str { min, max } => Value::object([
            ("type", Value::str("string")),
            ("minLength", n(*min)),
            ("maxLength", n(*max)),
        ]),
        Ty::Id => Value::object([
            ("type", Value::str("string")),
            ("pattern", Value::str(ID_PATTERN)),
        ]),
        Ty::Bool => Value::object([("type", Value::str("boolean"))]),
        Ty::Version => Value::object([("const", Value::Number(1.0))]),
        Ty::Duration => Value::object([
            ("type", Value::str("string")),
            ("pattern", Value::str(DURATION_PATTERN)),
        ]),
        Ty::Href => Value::object([
            ("type", Value::str("string")),
            ("minLength", n(1)),
            // http(s) or no scheme at all (and not protocol-relative `//host`); no
            // whitespace, control characters or backslashes.
            (
                "pattern",
                Value::str(
                    r"^(?:[hH][tT][tT][pP][sS]?:|(?!//)[^:/?#]*(?:[/?#]|$))[^\s\\\u0000-\u001f]*$",
                ),
            ),
        ]),
        Ty::Arr(item, max) => Value::object([
            ("type", Value::str("array")),
            ("items", ty(item)),
            ("maxItems", n(*max)),
        ]),
        Ty::Obj(s) => Value::object([("$ref", Value::String(format!("#/$defs/{}", s.name)))]),
        Ty::Rule => Value::object([("$ref", Value::str("#/$defs/Rule"))]),
        Ty::FirstValue => Value::object([(
            "anyOf",
            Value::Array(vec![
                Value::object([("$ref", Value::str("#/$defs/FirstValueSteps"))]),
                Value::object([("$ref", Value::str("#/$defs/Rule"))]),
            ]),
        )]),
        Ty::Count => Value::object([
            ("type", Value::str("integer")),
            ("minimum", n(1)),
            ("maximum", n(super::rule::MAX_COUNT as usize)),
        ]),
        Ty::Glob => Value::object([
            ("type", Value::str("string")),
            ("pattern", Value::str(r"^/[^?\s]*$")),
            ("maxLength", n(500)),
        ]),
        Ty::Group => Value::object([
            ("type", Value::str("array")),
            ("items", ty(&Ty::Rule)),
            ("minItems", n(1)),
            ("maxItems", n(super::shape::MAX_LIST)),
        ]),
        Ty::AtRisk => Value::object([(
            "anyOf",
            Value::Array(vec![
                Value::object([
                    ("type", Value::str("number")),
                    ("exclusiveMinimum", n(0)),
                    ("exclusiveMaximum", n(1)),
                ]),
                ty(&Ty::Duration),
            ]),
        )]),
        Ty::Selector => Value::object([
            ("type", Value::str("string")),
            ("minLength", n(1)),
            ("maxLength", n(500)),
        ]),
        Ty::Enum(options) => Value::object([(
            "enum",
            Value::Array(options.iter().map(|o| Value::str(o)).collect()),
        )]),
        Ty::Match => {
            let ops = ["gte", "gt", "lte", "lt"]
                .map(|op| {
                    let operand = Value::object([(
                        "type",
                        Value::Array(vec![Value::str("number"), Value::str("string")]),
                    )]);
                    (op.to_string(), operand)
                })
                .into_iter()
                .chain([
                    (
                        "in".to_string(),
                        Value::object([
                            ("type", Value::str("array")),
                            ("items", scalar()),
                            ("minItems", n(1)),
                        ]),
                    ),
                    (
                        "exists".to_string(),
                        Value::object([("type", Value::str("boolean"))]),
                    ),
                ])
                .collect();
            let operator = Value::object([
                ("type", Value::str("object")),
                ("properties", Value::Object(ops)),
                ("additionalProperties", Value::Bool(false)),
                ("minProperties", n(1)),
            ]);
            let any_of = Value::object([
                ("type", Value::str("array")),
                ("items", scalar()),
                ("minItems", n(1)),
            ]);
            Value::object([
                ("type", Value::str("object")),
                (
                    "additionalProperties",
                    Value::object([("anyOf", Value::Array(vec![scalar(), any_of, operator]))]),
                ),
            ])
        }
    }
}
