//! Segment `match` conditions and resolving a user's traits to a segment.
//!
//! A condition is a trait name and a test: equal to a value, one of an array of
//! values, or an operator object (`gte`, `gt`, `lte`, `lt`, `in`, `exists`; several
//! operators in one object must all hold). A number and a numeric string compare
//! as numbers (`"120"` equals `120`), so traits read from a form or a URL still match.

use super::error::{codes, did_you_mean, key_path, Report};
use super::json::Value;
use super::model::{Checklist, Segment};
use super::shape::MAX_LIST;

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

impl Segment {
    /// Whether a user with these traits (an object, or null) belongs to this segment.
    pub fn matches(&self, traits: &Value) -> bool {
        all_hold(&self.conditions, traits)
    }
}

/// Whether every condition holds on `value` (an object of traits or event properties;
/// anything else has no members): a segment's `match`, a step's `showIf`, a rule's `where`.
pub fn all_hold(conditions: &[Condition], value: &Value) -> bool {
    conditions
        .iter()
        .all(|c| c.tests.iter().all(|t| t.holds(value.get(&c.trait_name))))
}

/// The traits `match` and `showIf` read: the user's, plus the account's as
/// `account.<trait>` (they win over a user trait of that name).
///
/// ```
/// use firstvalue::core::{json::Value, segment::with_account};
/// let t = with_account(&Value::object([("role", Value::str("admin"))]),
///                      &Value::object([("plan", Value::str("team"))]));
/// assert_eq!(t.get("account.plan"), Some(&Value::str("team")));
/// assert_eq!(t.get("role"), Some(&Value::str("admin")));
/// ```
pub fn with_account(user: &Value, account: &Value) -> Value {
    let mut members = match user {
        Value::Object(m) => m.clone(),
        _ => Vec::new(),
    };
    if let Value::Object(m) = account {
        for (k, v) in m {
            members.push((format!("account.{k}"), v.clone()));
        }
    }
    Value::Object(members)
}

/// Why no segment could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The forced segment id is not in the config.
    UnknownSegment(String),
    /// No segment's `match` holds for these traits.
    NoMatch,
}

/// The index of the user's segment: `forced` if given, else the first whose `match` holds.
///
/// ```
/// use firstvalue::core::{parse_config_json, segment::resolve, json::Value};
/// let (config, _) = parse_config_json(r#"{"version":1,"id":"c","title":"T",
///   "steps":[{"id":"a","title":"A"}],
///   "segments":[{"id":"big","match":{"seats":{"gte":100}},"steps":["a"]},
///               {"id":"rest","steps":["a"]}]}"#).unwrap();
/// let traits = Value::object([("seats", Value::str("120"))]);
/// assert_eq!(resolve(&config, &traits, None), Ok(0));
/// assert_eq!(resolve(&config, &Value::Null, None), Ok(1));
/// ```
pub fn resolve(
    config: &Checklist,
    traits: &Value,
    forced: Option<&str>,
) -> Result<usize, ResolveError> {
    match forced {
        Some(id) => config
            .segments
            .iter()
            .position(|s| s.id.0 == id)
            .ok_or_else(|| ResolveError::UnknownSegment(id.to_string())),
        None => config
            .segments
            .iter()
            .position(|s| s.matches(traits))
            .ok_or(ResolveError::NoMatch),
    }
}
