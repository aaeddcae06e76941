//! Resolving a user's traits to a segment. The `match` conditions themselves are the match
//! grammar of `condition.rs` (re-exported here, where they were first).

pub use super::condition::{all_hold, check_match, parse_match, Condition, Op, Test};
use super::json::Value;
use super::model::{Checklist, Segment};

impl Segment {
    /// Whether a user with these traits (an object, or null) belongs to this segment.
    pub fn matches(&self, traits: &Value) -> bool {
        all_hold(&self.conditions, traits)
    }
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
