//! The config's shape, written once as data.
//!
//! The same tables drive the structural check (unknown keys, missing keys,
//! types, lengths, patterns) and the JSON Schema shipped in
//! `pkg/firstvalue.schema.json`, so the two cannot drift apart.

use super::duration;
use super::error::{codes, did_you_mean, index_path, key_path, Report};
use super::json::Value;
pub use super::limits::{MAX_LIST, MAX_SEGMENTS, MAX_STEPS};
use super::url;

/// The type of one field.
#[derive(Debug)]
pub enum Ty {
    /// A string of `min..=max` characters.
    Str {
        /// Fewest characters.
        min: usize,
        /// Most characters.
        max: usize,
    },
    /// An id: `[a-z0-9_-]+`, at most 64 characters.
    Id,
    /// `true` or `false`.
    Bool,
    /// The config format version, which must be 1.
    Version,
    /// An ISO 8601 duration in days, hours, minutes and seconds.
    Duration,
    /// A link target: http(s) or relative.
    Href,
    /// An array of at most `max` items of a type.
    Arr(&'static Ty, usize),
    /// A nested object.
    Obj(&'static Shape),
    /// A segment `match`: trait name → condition.
    Match,
    /// A completion rule: an event name or a rule object ([`super::rule`]).
    Rule,
    /// A segment's `firstValue`: `{ "steps": [...] }` or a rule object.
    FirstValue,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// How many times an event must happen: a whole number from 1 to 100.
    Count,
    /// A page glob ([`super::rule::glob`]).
    Glob,
    /// A CSS selector.
    Selector,
    /// `atRisk`: a fraction in (0, 1) or a duration.
    AtRisk,
    /// The parts of an `all`/`any` rule: at least one rule.
    Group,
}

/// One key of an object.
#[derive(Debug)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be present.
    pub required: bool,
    /// What it means (goes into the schema's `description`).
    pub doc: &'static str,
}

/// An object type.
#[derive(Debug)]
pub struct Shape {
    /// Its name in the schema's `$defs`.
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Its keys; no other key is allowed.
    pub fields: &'static [Field],
    /// Exactly one of these keys must be present (empty: no such rule).
    pub one_of: &'static [&'static str],
}

const fn f(name: &'static str, ty: Ty, required: bool, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required,
        doc: host_only(doc),
    }
}

/// Descriptions are for the JSON Schema, which only the host CLI writes: the wasm
/// build gets an empty string, so the text never reaches the download (~1.5 KB gzip).
const fn host_only(doc: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        doc
    }
}

const TITLE: Ty = Ty::Str { min: 1, max: 200 };
const EVENT: Ty = Ty::Str { min: 1, max: 100 };
const LABEL: Ty = Ty::Str { min: 1, max: 200 };

/// The root of a config.
pub static CONFIG: Shape = Shape {
    name: "Config",
    doc: host_only("A firstvalue onboarding checklist config."),
    fields: &[
        f(
            "$schema",
            Ty::Str { min: 0, max: 2048 },
            false,
            "The JSON Schema this file follows (ignored).",
        ),
        f(
            "version",
            Ty::Version,
            true,
            "Config format version. Always 1.",
        ),
        f(
            "id",
            Ty::Id,
            true,
            "Checklist id; progress is stored per checklist id and user id.",
        ),
        f(
            "title",
            TITLE,
            true,
            "Heading shown at the top of the checklist.",
        ),
        f(
            "steps",
            Ty::Arr(&Ty::Obj(&STEP), MAX_STEPS),
            true,
            "Every step any segment uses.",
        ),
        f(
            "segments",
            Ty::Arr(&Ty::Obj(&SEGMENT), MAX_SEGMENTS),
            false,
            "Customer segments, first match wins. Absent: one segment with every step.",
        ),
        f(
            "text",
            Ty::Obj(&TEXT),
            false,
            "Labels for everything the widget writes itself (i18n).",
        ),
        f(
            "snoozeOptions",
            Ty::Arr(&Ty::Duration, 6),
            false,
            "What \"Remind me later\" offers (ISO 8601 durations): one is a button, several a menu. Default [\"P1D\"]; [] hides the control.",
        ),
    ],
    one_of: &[],
};

/// One step.
pub static STEP: Shape = Shape {
    name: "Step",
    doc: host_only("One onboarding step."),
    fields: &[
        f("id", Ty::Id, true, "Unique step id, [a-z0-9_-]+."),
        f("title", TITLE, true, "What the user should do."),
        f(
            "description",
            Ty::Str { min: 1, max: 2000 },
            false,
            "More detail, shown under the title.",
        ),
        f(
            "completeOn",
            Ty::Arr(&Ty::Rule, MAX_LIST),
            false,
            "Rules that complete this step, any one: an event name, or a rule object (an event counted and filtered, a page, a click, all/any of several). Absent: the user checks it off.",
        ),
        f(
            "action",
            Ty::Obj(&ACTION),
            false,
            "A link or button that helps the user do the step.",
        ),
        f(
            "requires",
            Ty::Arr(&Ty::Id, MAX_LIST),
            false,
            "Steps that must be done (or skipped) first; locked until then.",
        ),
        f(
            "skippable",
            Ty::Bool,
            false,
            "Whether the user may skip this step.",
        ),
        f(
            "showIf",
            Ty::Match,
            false,
            "Trait conditions (the segment match grammar; account.<trait> reads options.account.traits): the step is shown, and counted, only when all hold.",
        ),
        f(
            "scope",
            Ty::Enum(&["user", "account"]),
            false,
            "\"account\": done for every member of options.account once anyone in it does it. Default \"user\".",
        ),
    ],
    one_of: &[],
};

/// A step's action.
pub static ACTION: Shape = Shape {
    name: "Action",
    doc: host_only("A link (href) or a button that reports an event to the host (event)."),
    fields: &[
        f("label", LABEL, true, "Button or link text."),
        f(
            "href",
            Ty::Href,
            false,
            "Where the link goes: http(s) or relative.",
        ),
        f(
            "event",
            EVENT,
            false,
            "Name reported in action_clicked for the host to handle.",
        ),
    ],
    one_of: &["href", "event"],
};

/// One customer segment.
pub static SEGMENT: Shape = Shape {
    name: "Segment",
    doc: host_only("A customer segment: who it is for, its steps, its first value and its goal."),
    fields: &[
        f("id", Ty::Id, true, "Unique segment id."),
        f(
            "match",
            Ty::Match,
            false,
            "Trait conditions, all must hold. Absent: matches everyone.",
        ),
        f(
            "steps",
            Ty::Arr(&Ty::Id, MAX_STEPS),
            true,
            "Step ids in display order.",
        ),
        f(
            "firstValue",
            Ty::FirstValue,
            false,
            "When first value is reached. Absent: when every non-skippable step is done.",
        ),
        f(
            "ttfvGoal",
            Ty::Duration,
            false,
            "Time-to-first-value goal, ISO 8601 (P14D, PT30M).",
        ),
        f(
            "reshowAfter",
            Ty::Duration,
            false,
            "A dismissed checklist comes back after this long while first value is not reached (checklist_reshown).",
        ),
        f(
            "stalledAfter",
            Ty::Duration,
            false,
            "No step completed for this long while first value is not reached: checklist_stalled, once per idle period.",
        ),
        f(
            "atRisk",
            Ty::AtRisk,
            false,
            "When the goal is at risk: a fraction of ttfvGoal (0.5) or a duration shorter than it (P7D): goal_at_risk, once, before goal_missed.",
        ),
        f(
            "help",
            Ty::Obj(&HELP),
            false,
            "A help offer shown in the panel when the checklist is stalled, at risk or late.",
        ),
        f(
            "showHelpOn",
            Ty::Arr(&Ty::Enum(&["stalled", "at_risk", "missed"]), 3),
            false,
            "When the help offer shows. Default all three.",
        ),
    ],
    one_of: &[],
};

/// A segment's help offer.
pub static HELP: Shape = Shape {
    name: "Help",
    doc: host_only("A help offer: a title, a description and an action (a link or an event)."),
    fields: &[
        f("title", TITLE, true, "What is offered."),
        f(
            "description",
            Ty::Str { min: 1, max: 2000 },
            false,
            "More detail.",
        ),
        f(
            "action",
            Ty::Obj(&ACTION),
            false,
            "A link, or a button reporting action_clicked with help: true.",
        ),
    ],
    one_of: &[],
};

/// A segment's first value rule by steps (the other form is a rule object).
pub static FIRST_VALUE: Shape = Shape {
    name: "FirstValueSteps",
    doc: host_only("First value when all of `steps` are done."),
    fields: &[f(
        "steps",
        Ty::Arr(&Ty::Id, MAX_LIST),
        true,
        "Reached when all of these steps are done.",
    )],
    one_of: &[],
};

/// `{ "event": ..., "count": ..., "within": ..., "where": {...} }`.
pub static EVENT_RULE: Shape = Shape {
    name: "EventRule",
    doc: host_only("An event, counted (across reloads and tabs) and filtered on its properties."),
    fields: &[
        f("event", EVENT, true, "The event name the host tracks."),
        f(
            "count",
            Ty::Count,
            false,
            "How many times it must happen (1 to 100). Default 1.",
        ),
        f(
            "within",
            Ty::Duration,
            false,
            "The count must fall within one window this long (ISO 8601, e.g. P7D). Needs count.",
        ),
        f(
            "where",
            Ty::Match,
            false,
            "Conditions on the event's properties (the segment match grammar); all must hold.",
        ),
    ],
    one_of: &[],
};

/// `{ "page": "/reports/*" }`.
pub static PAGE_RULE: Shape = Shape {
    name: "PageRule",
    doc: host_only("The user is on a page whose path matches."),
    fields: &[f(
        "page",
        Ty::Glob,
        true,
        "A path pattern: * is one path part, ** any number; a #hash part is matched when given; no query.",
    )],
    one_of: &[],
};

/// `{ "click": "[data-onboarding=invite]" }`.
pub static CLICK_RULE: Shape = Shape {
    name: "ClickRule",
    doc: host_only("The user clicks an element of the host page."),
    fields: &[f(
        "click",
        Ty::Selector,
        true,
        "A CSS selector; a click on a matching element (or inside one) counts. Never inside other shadow roots.",
    )],
    one_of: &[],
};

/// `{ "all": [...] }`.
pub static ALL_RULE: Shape = Shape {
    name: "AllRule",
    doc: host_only("Every part has happened (each counts once it has, in any order)."),
    fields: &[f("all", Ty::Group, true, "The parts.")],
    one_of: &[],
};

/// `{ "any": [...] }`.
pub static ANY_RULE: Shape = Shape {
    name: "AnyRule",
    doc: host_only("One part has happened."),
    fields: &[f("any", Ty::Group, true, "The parts.")],
    one_of: &[],
};

/// The rule objects, by the key that names their kind (their first field).
pub static RULES: [&Shape; 5] = [&EVENT_RULE, &PAGE_RULE, &CLICK_RULE, &ALL_RULE, &ANY_RULE];

/// Every label the widget writes itself.
pub static TEXT: Shape = Shape {
    name: "Text",
    doc: host_only("Labels for everything the widget writes itself. {done}, {total} and {remaining} stand for the counts."),
    fields: &[
        f(
            "progress",
            TEXT_TY,
            false,
            "Progress line. Default: \"{done} of {total} done\".",
        ),
        f(
            "launcher",
            TEXT_TY,
            false,
            "Minimized launcher. Default: \"Get started · {remaining} left\".",
        ),
        f(
            "minimize",
            TEXT_TY,
            false,
            "Minimize button label. Default: \"Minimize checklist\".",
        ),
        f(
            "dismiss",
            TEXT_TY,
            false,
            "Dismiss button label. Default: \"Dismiss checklist\".",
        ),
        f("skip", TEXT_TY, false, "Skip button. Default: \"Skip\"."),
        f(
            "requires",
            TEXT_TY,
            false,
            "Before the names of the steps a locked step waits for. Default: \"Requires:\".",
        ),
        f(
            "skipped",
            TEXT_TY,
            false,
            "Badge of a skipped step. Default: \"Skipped\".",
        ),
        f(
            "stepDone",
            TEXT_TY,
            false,
            "Announced before a completed step's title. Default: \"Completed:\".",
        ),
        f(
            "firstValue",
            TEXT_TY,
            false,
            "Announced at first value. Default: \"You reached first value!\".",
        ),
        f(
            "completed",
            TEXT_TY,
            false,
            "Shown when every step is done. Default: \"All done — you are set up.\".",
        ),
        f(
            "snooze",
            TEXT_TY,
            false,
            "The snooze control. Default: \"Remind me later\".",
        ),
    ],
    one_of: &[],
};

const TEXT_TY: Ty = Ty::Str { min: 1, max: 200 };

/// Every object shape, for the schema's `$defs`.
pub static SHAPES: [&Shape; 12] = [
    &CONFIG,
    &HELP,
    &STEP,
    &ACTION,
    &SEGMENT,
    &FIRST_VALUE,
    &TEXT,
    &EVENT_RULE,
    &PAGE_RULE,
    &CLICK_RULE,
    &ALL_RULE,
    &ANY_RULE,
];

/// Where a value is, as a chain of keys and indexes: written out as text only
/// when a problem is reported there (most values have none).
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The root of the input.
    Root,
    /// `parent.key`.
    Key(&'a Path<'a>, &'a str),
    /// `parent[i]`.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// `steps[2].requires[0]`; empty for the root.
    pub fn text(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => key_path(&parent.text(), key),
            Path::Index(parent, i) => index_path(&parent.text(), *i),
        }
    }
}

/// Checks `value` against `ty`, recording every mismatch under `path`.
pub fn check(value: &Value, ty: &Ty, path: &Path, out: &mut Report) {
    let at = || path.text();
    match (ty, value) {
        (Ty::Str { min, max }, Value::String(s)) => {
            let n = super::strs::char_count(s);
            if n < *min {
                out.error(&at(), codes::EMPTY, prose!("must not be empty"));
            } else if *min > 0 && !super::strs::visible(s) {
                out.error(
                    &at(),
                    codes::INVISIBLE_TEXT,
                    prose!("has no visible character (only spaces or invisible ones)"),
                );
            } else if n > *max {
                out.error(
                    &at(),
                    codes::TOO_LONG,
                    prose!(format!("is {n} characters long; the limit is {max}")),
                );
            }
        }
        (Ty::Id, Value::String(s)) => {
            if let Err(m) = check_id(s) {
                out.error(&at(), codes::INVALID_ID, prose!(m));
            }
        }
        (Ty::Bool, Value::Bool(_)) => {}
        (Ty::Version, Value::Number(n)) => {
            if *n != 1.0 {
                out.error(
                    &at(),
                    codes::UNSUPPORTED_VERSION,
                    prose!(format!(
                        "unsupported version {}: this firstvalue reads version 1",
                        super::num::decimal(*n)
                    )),
                );
            }
        }
        (Ty::Duration, Value::String(s)) => {
            if let Err(m) = duration::parse(s) {
                out.error(&at(), codes::INVALID_DURATION, prose!(m));
            }
        }
        (Ty::Href, Value::String(s)) => {
            if let Err(m) = url::check_href(s) {
                out.error(&at(), codes::UNSAFE_HREF, prose!(m));
            }
        }
        (Ty::Arr(item, max), Value::Array(items)) => {
            if items.len() > *max {
                out.error(
                    &at(),
                    codes::TOO_MANY,
                    prose!(format!("has {} items; the limit is {max}", items.len())),
                );
            }
            for (i, v) in items.iter().enumerate().take(*max) {
                check(v, item, &Path::Index(path, i), out);
            }
        }
        (Ty::Obj(shape), Value::Object(members)) => check_object(members, shape, path, out),
        (Ty::Match, Value::Object(members)) => super::condition::check_match(members, &at(), out),
        (Ty::Rule, Value::String(_)) => check(value, &EVENT, path, out),
        (Ty::Rule, Value::Object(members)) => check_rule(members, path, out),
        (Ty::FirstValue, Value::Object(members)) if members.iter().any(|(k, _)| k == "steps") => {
            check_object(members, &FIRST_VALUE, path, out)
        }
        (Ty::FirstValue, Value::Object(members)) => check_rule(members, path, out),
        (Ty::Count, Value::Number(n)) => {
            if !(n.fract() == 0.0 && *n >= 1.0 && *n <= super::limits::MAX_COUNT as f64) {
                out.error(
                    &at(),
                    codes::OUT_OF_RANGE,
                    prose!("must be a whole number from 1 to 100"),
                );
            }
        }
        (Ty::Group, Value::Array(items)) => {
            if items.is_empty() {
                out.error(&at(), codes::EMPTY, prose!("list at least one rule"));
            }
            check(value, &Ty::Arr(&Ty::Rule, MAX_LIST), path, out);
        }
        (Ty::AtRisk, Value::Number(n)) => {
            if !(*n > 0.0 && *n < 1.0) {
                out.error(
                    &at(),
                    codes::OUT_OF_RANGE,
                    prose!("a fraction of the goal is between 0 and 1, such as 0.5"),
                );
            }
        }
        (Ty::AtRisk, Value::String(s)) => {
            if let Err(m) = duration::parse(s) {
                out.error(&at(), codes::INVALID_DURATION, prose!(m));
            }
        }
        (Ty::Glob, Value::String(s)) => {
            super::rule::check_glob(s, &at(), out);
        }
        (Ty::Selector, Value::String(s)) => {
            super::rule::check_selector(s, &at(), out);
        }
        (Ty::Enum(options), Value::String(s)) => {
            if !options.contains(&s.as_str()) {
                let mut m = String::from("must be \"");
                m.push_str(&super::strs::join(options, "\" or \""));
                m.push_str("\", not \"");
                m.push_str(s);
                m.push('"');
                out.error(&at(), codes::INVALID_VALUE, prose!(m));
            }
        }
        (ty, v) => out.error(
            &at(),
            codes::WRONG_TYPE,
            prose!(format!("must be {}, not {}", expected(ty), v.kind())),
        ),
    }
}

/// A rule object: exactly one kind key, then that kind's shape; `within` needs
/// `count`; a group lists at least one rule.
fn check_rule(members: &[(String, Value)], path: &Path, out: &mut Report) {
    let has = |name: &str| members.iter().any(|(k, _)| k == name);
    let kinds: Vec<&Shape> = RULES
        .iter()
        .copied()
        .filter(|s| has(s.fields[0].name))
        .collect();
    let names = || RULES.iter().map(|s| s.fields[0].name);
    let shape = match kinds[..] {
        [shape] => shape,
        [] => {
            let m = prose!({
                let mut m = String::from(
                    "a rule needs one of \"event\", \"page\", \"click\", \"all\", \"any\"",
                );
                if let Some((k, _)) = members.first() {
                    m.push_str(&did_you_mean(k, names()));
                }
                m
            });
            return out.error(&path.text(), codes::RULE_KIND, m);
        }
        _ => {
            return out.error(
                &path.text(),
                codes::RULE_KIND,
                prose!("a rule has one kind: put several in \"all\" or \"any\""),
            )
        }
    };
    check_object(members, shape, path, out);
    if has("within") && !has("count") {
        out.error(
            &Path::Key(path, "within").text(), codes::MISSING_KEY, prose!("\"within\" needs \"count\": how many times within the window (for example \"count\": 3, \"within\": \"P7D\")"));
    }
}

fn check_object(members: &[(String, Value)], shape: &Shape, path: &Path, out: &mut Report) {
    let at = || path.text();
    let names = || shape.fields.iter().map(|f| f.name);
    for (k, v) in members {
        match shape.fields.iter().find(|f| f.name == k) {
            Some(field) => check(v, &field.ty, &Path::Key(path, k), out),
            None => out.error(
                &Path::Key(path, k).text(),
                codes::UNKNOWN_KEY,
                prose!(format!("unknown key \"{k}\"{}", did_you_mean(k, names()))),
            ),
        }
    }
    let has = |name: &str| members.iter().any(|(k, _)| k == name);
    for field in shape.fields.iter().filter(|f| f.required && !has(f.name)) {
        out.error(
            &at(),
            codes::MISSING_KEY,
            prose!(format!("missing required key \"{}\"", field.name)),
        );
    }
    if !shape.one_of.is_empty() {
        let present = shape.one_of.iter().filter(|k| has(k)).count();
        if present != 1 {
            let what = if present == 0 { "needs" } else { "takes only" };
            let keys = super::strs::join(shape.one_of, "\" or \"");
            out.error(
                &at(),
                codes::ONE_OF,
                prose!(format!("{what} one of \"{keys}\"")),
            );
        }
    }
}

/// Checks an id: `[a-z0-9_-]+`, at most 64 characters.
pub fn check_id(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err(crate::prose_string(prose!("an id must not be empty")));
    }
    if s.len() > 64 {
        return Err(crate::prose_string(prose!(format!(
            "id is {} characters long; the limit is 64",
            s.len()
        ))));
    }
    match s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-'))
    {
        Some(c) => Err(crate::prose_string(prose!(format!(
            "id \"{s}\" has {}: ids use lowercase letters, digits, \"_\" and \"-\"",
            super::num::show_char(c)
        )))),
        None => Ok(()),
    }
}

fn expected(ty: &Ty) -> &'static str {
    match ty {
        Ty::Str { .. }
        | Ty::Id
        | Ty::Duration
        | Ty::Href
        | Ty::Enum(_)
        | Ty::Glob
        | Ty::Selector => "a string",
        Ty::Count => "a number",
        Ty::AtRisk => "a fraction of the goal (0.5) or a duration",
        Ty::Rule => "an event name or a rule object",
        Ty::Bool => "a boolean",
        Ty::Version => "the number 1",
        Ty::Arr(..) | Ty::Group => "an array",
        Ty::Obj(_) | Ty::Match | Ty::FirstValue => "an object",
    }
}
