//! The match grammar: a list of trait conditions, as a segment's `match`, a step's `showIf`
//! and a rule's `where` write them.
//!
//! A condition is a trait name and a test: equal to a value, one of an array of
//! values, or an operator object (`gte`, `gt`, `lte`, `lt`, `in`, `exists`; several
//! operators in one object must all hold). A number and a numeric string compare
//! as numbers (`"120"` equals `120`), so traits read from a form or a URL still match.
//! Segments (`segment.rs`), rules (`rule.rs`) and the shape check (`shape.rs`) use it; it
//! uses none of them.

use super::error::{codes, did_you_mean, key_path, Report};
use super::json::Value;
use super::limits::MAX_LIST;

/// One trait condition of a segment's `match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The trait it reads.
    pub trait_name: String,
    /// Every test must hold.
    pub tests: Vec<Test>,
}

/// A test on one trait value.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// Equal to this scalar.
    Eq(Value),
    /// Equal to one of these scalars (`[...]` or `{ "in": [...] }`).
    In(Vec<Value>),
    /// Ordered comparison with a number or a string.
    Cmp(Op, Value),
    /// Present (not null) or absent.
    Exists(bool),
}

/// An ordering operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>=`
    Gte,
    /// `>`
    Gt,
    /// `<=`
    Lte,
    /// `<`
    Lt,
}

const OPERATORS: [&str; 6] = ["gte", "gt", "lte", "lt", "in", "exists"];

/// Structural check of a `match` object (used by the shape check).
pub fn check_match(members: &[(String, Value)], path: &str, out: &mut Report) {
    parse_match(members, path, out);
}

/// Parses a `match` object into conditions, recording every problem.
pub fn parse_match(members: &[(String, Value)], path: &str, out: &mut Report) -> Vec<Condition> {
    let mut conditions = Vec::new();
    if members.len() > MAX_LIST {
        out.error(
            path,
            codes::TOO_MANY,
            prose!(format!(
                "has {} traits; the limit is {MAX_LIST}",
                members.len()
            )),
        );
    }
    for (name, cond) in members.iter().take(MAX_LIST) {
        let p = key_path(path, name);
        if name.is_empty() {
            out.error(&p, codes::EMPTY, prose!("a trait name must not be empty"));
            continue;
        }
        let tests = match cond {
            Value::Array(items) => scalars(items, &p, out).map(|v| vec![Test::In(v)]),
            Value::Object(ops) => parse_ops(ops, &p, out),
            v if is_scalar(v) => Some(vec![Test::Eq(v.clone())]),
            v => {
                out.error(
                    &p,
                    codes::INVALID_MATCH,
                    prose!(format!(
                        "must be a value, an array of values or an operator object, not {}",
                        v.kind()
                    )),
                );
                None
            }
        };
        if let Some(tests) = tests {
            conditions.push(Condition {
                trait_name: name.clone(),
                tests,
            });
        }
    }
    conditions
}

fn parse_ops(ops: &[(String, Value)], path: &str, out: &mut Report) -> Option<Vec<Test>> {
    if ops.is_empty() {
        out.error(
            path,
            codes::INVALID_MATCH,
            prose!(format!(
                "an operator object needs one of {}",
                super::strs::join(&OPERATORS, ", ")
            )),
        );
        return None;
    }
    let before = out.errors.len();
    let mut tests = Vec::new();
    for (op, operand) in ops {
        let p = key_path(path, op);
        let cmp = match op.as_str() {
            "gte" => Some(Op::Gte),
            "gt" => Some(Op::Gt),
            "lte" => Some(Op::Lte),
            "lt" => Some(Op::Lt),
            _ => None,
        };
        match (op.as_str(), cmp, operand) {
            (_, Some(cmp), Value::Number(_) | Value::String(_)) => {
                tests.push(Test::Cmp(cmp, operand.clone()))
            }
            (_, Some(_), v) => out.error(
                &p,
                codes::INVALID_MATCH,
                prose!(format!(
                    "\"{op}\" compares with a number or a string, not {}",
                    v.kind()
                )),
            ),
            ("in", _, Value::Array(items)) => {
                if let Some(v) = scalars(items, &p, out) {
                    tests.push(Test::In(v));
                }
            }
            ("in", _, v) => out.error(
                &p,
                codes::INVALID_MATCH,
                prose!(format!("\"in\" takes an array of values, not {}", v.kind())),
            ),
            ("exists", _, Value::Bool(b)) => tests.push(Test::Exists(*b)),
            ("exists", _, v) => out.error(
                &p,
                codes::INVALID_MATCH,
                prose!(format!("\"exists\" takes true or false, not {}", v.kind())),
            ),
            _ => out.error(
                &p,
                codes::INVALID_MATCH,
                prose!(format!(
                    "unknown operator \"{op}\"{}; operators are {}",
                    did_you_mean(op, OPERATORS),
                    super::strs::join(&OPERATORS, ", ")
                )),
            ),
        }
    }
    (out.errors.len() == before).then_some(tests)
}

fn scalars(items: &[Value], path: &str, out: &mut Report) -> Option<Vec<Value>> {
    if items.is_empty() {
        out.error(path, codes::EMPTY, prose!("an empty list matches nobody"));
        return None;
    }
    if items.len() > MAX_LIST {
        out.error(
            path,
            codes::TOO_MANY,
            prose!(format!(
                "has {} values; the limit is {MAX_LIST}",
                items.len()
            )),
        );
        return None;
    }
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        if !is_scalar(v) {
            out.error(
                &format!("{path}[{i}]"),
                codes::INVALID_MATCH,
                prose!(format!(
                    "must be a string, number, boolean or null, not {}",
                    v.kind()
                )),
            );
            ok = false;
        }
    }
    ok.then(|| items.to_vec())
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// A number for `v` if it is one or a string holding one.
fn numeric(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => super::num::parse_decimal(s),
        _ => None,
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::String(_)) | (Value::String(_), Value::Number(_)) => {
            matches!((numeric(a), numeric(b)), (Some(x), Some(y)) if x == y)
        }
        _ => a == b,
    }
}

impl Test {
    /// Whether a trait value (`None`: absent) passes this test.
    pub fn holds(&self, value: Option<&Value>) -> bool {
        let value = value.filter(|v| !matches!(v, Value::Null));
        match self {
            Test::Exists(want) => value.is_some() == *want,
            Test::Eq(expected) => {
                value.is_some_and(|v| equal(v, expected))
                    || (value.is_none() && *expected == Value::Null)
            }
            Test::In(options) => options.iter().any(|o| match value {
                Some(v) => equal(v, o),
                None => *o == Value::Null,
            }),
            Test::Cmp(op, operand) => {
                let Some(v) = value else { return false };
                let ord = match operand {
                    Value::Number(n) => numeric(v).and_then(|x| x.partial_cmp(n)),
                    Value::String(s) => v.as_str().map(|x| x.cmp(s.as_str())),
                    _ => None,
                };
                let Some(ord) = ord else { return false };
                match op {
                    Op::Gte => ord.is_ge(),
                    Op::Gt => ord.is_gt(),
                    Op::Lte => ord.is_le(),
                    Op::Lt => ord.is_lt(),
                }
            }
        }
    }
}

/// Whether every condition holds on `value` (an object of traits or event properties;
/// anything else has no members): a segment's `match`, a step's `showIf`, a rule's `where`.
pub fn all_hold(conditions: &[Condition], value: &Value) -> bool {
    conditions
        .iter()
        .all(|c| c.tests.iter().all(|t| t.holds(value.get(&c.trait_name))))
}
