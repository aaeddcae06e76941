//! Problems found in a config or options, each with the JSON path it is at.

use std::fmt;

/// One problem: where it is (`steps[2].requires[0]`), what kind it is (`unknown_step`)
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path from the root of the input, for example `segments[0].ttfvGoal`.
    /// Empty for the root itself.
    pub path: String,
    /// A stable snake_case name of the kind of problem, one of [`codes::ALL`]: hosts
    /// handle errors by code, whatever the message says.
    pub code: &'static str,
    /// What is wrong, written for the config author.
    pub message: String,
}

/// The problem codes: public API (in `errors[].code`, documented in the README's "Error
/// codes"); a code is never renamed or reused for another kind of problem.
pub mod codes {
    macro_rules! codes {
        ($($(#[doc = $doc:literal])* $name:ident = $code:literal,)*) => {
            $($(#[doc = $doc])* pub const $name: &str = $code;)*
            /// Every code, in the README's order.
            pub const ALL: &[&str] = &[$($code),*];
        };
    }
    codes! {
        /// The config (or stored text) is not JSON.
        INVALID_JSON = "invalid_json",
        /// A value of the wrong JSON or JS type (a number where a string goes).
        WRONG_TYPE = "wrong_type",
        /// Reading an option threw (a getter, a Proxy).
        UNREADABLE = "unreadable",
        /// A key or option the format does not have (often a typo; the message suggests one).
        UNKNOWN_KEY = "unknown_key",
        /// A required key is missing (or one that another key needs, like `within`'s `count`).
        MISSING_KEY = "missing_key",
        /// An object needs exactly one of several keys.
        ONE_OF = "one_of",
        /// An empty string or list where at least one item is needed.
        EMPTY = "empty",
        /// Text with no visible character (zero-width spaces, bidi controls).
        INVISIBLE_TEXT = "invisible_text",
        /// A string past its length limit.
        TOO_LONG = "too_long",
        /// A list or object past its size limit.
        TOO_MANY = "too_many",
        /// A number outside its range (a count, an at-risk fraction), or an at-risk time not before the goal.
        OUT_OF_RANGE = "out_of_range",
        /// A value that is not one of those allowed (an enum, a storage kind, a date).
        INVALID_VALUE = "invalid_value",
        /// An id that is not `[a-z0-9_-]`, 1 to 64 characters (a user id: 1 to 256).
        INVALID_ID = "invalid_id",
        /// Two steps or segments with one id.
        DUPLICATE_ID = "duplicate_id",
        /// The same item listed twice.
        DUPLICATE = "duplicate",
        /// A config `version` this firstvalue does not read.
        UNSUPPORTED_VERSION = "unsupported_version",
        /// Not an ISO 8601 duration firstvalue accepts (`P2D`, `PT30M`; no months or years).
        INVALID_DURATION = "invalid_duration",
        /// An `href` that is not http(s) or a path on the page's own origin.
        UNSAFE_HREF = "unsafe_href",
        /// A `page` pattern that is not a path pattern.
        INVALID_PAGE = "invalid_page",
        /// A CSS selector the browser refuses, or one that can never match a click.
        INVALID_SELECTOR = "invalid_selector",
        /// A completion rule with no kind or more than one (`event`, `page`, `click`, `all`, `any`).
        RULE_KIND = "rule_kind",
        /// A segment `match` condition firstvalue cannot read (an unknown operator, a wrong operand).
        INVALID_MATCH = "invalid_match",
        /// A step id that is not in the config.
        UNKNOWN_STEP = "unknown_step",
        /// A step that requires itself.
        SELF_REQUIREMENT = "self_requirement",
        /// Steps that require each other in a circle: none of them could ever unlock.
        REQUIRES_CYCLE = "requires_cycle",
        /// A step that requires one outside its segment: it could never unlock.
        UNREACHABLE_REQUIREMENT = "unreachable_requirement",
        /// A first-value step that is not among its segment's steps.
        NOT_IN_SEGMENT = "not_in_segment",
        /// Every step is skippable with no `firstValue`: first value would come before anything is done.
        NO_REQUIRED_STEP = "no_required_step",
        /// `options.segment` names a segment the config does not have.
        UNKNOWN_SEGMENT = "unknown_segment",
        /// No element matches the `target` selector.
        TARGET_NOT_FOUND = "target_not_found",
        /// The target cannot take the widget (it holds a shadow root of its own, or the page's DOM threw while building).
        TARGET_UNAVAILABLE = "target_unavailable",
        /// `mount()` called where there is no DOM (on the server).
        NO_DOM = "no_dom",
        /// `init()` in a browser older than the supported ones; the message names what it lacks.
        UNSUPPORTED_BROWSER = "unsupported_browser",
        /// A method was given a step id that is not in this user's checklist.
        UNKNOWN_STEP_ID = "unknown_step_id",
        /// `skip()` of a step that is not `skippable`.
        NOT_SKIPPABLE = "not_skippable",
        /// Warning: a segment without `ttfvGoal` (TTFV is measured, never judged late).
        NO_GOAL = "no_goal",
        /// Warning: a segment after one that matches everyone can never match.
        UNREACHABLE_SEGMENT = "unreachable_segment",
        /// Warning: no segment matches everyone (a user matching none gets an empty checklist).
        NO_FALLBACK_SEGMENT = "no_fallback_segment",
        /// Warning: a first-value step with `showIf`: a user it is hidden from reaches first value without it.
        FIRST_VALUE_HIDDEN = "first_value_hidden",
        /// Warning: a skippable first-value step: a user who skips it never reaches first value.
        FIRST_VALUE_SKIPPABLE = "first_value_skippable",
        /// Warning: a step in no segment.
        UNUSED_STEP = "unused_step",
        /// Warning: a help offer with no condition that shows it.
        NEVER_SHOWN = "never_shown",
        /// Warning: a `{…}` in `text` that is not filled in.
        UNKNOWN_PLACEHOLDER = "unknown_placeholder",
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A problem; without a message (the production build compiles the prose out: see
/// `prose!`) the message is the code.
fn problem(path: &str, code: &'static str, message: String) -> Problem {
    let message = if message.is_empty() {
        code.to_string()
    } else {
        message
    };
    Problem {
        path: path.to_string(),
        code,
        message,
    }
}

/// Every error and warning found in one pass. Validation never stops at the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Problems that make the input unusable.
    pub errors: Vec<Problem>,
    /// Legal but suspicious: worth a look, never fatal.
    pub warnings: Vec<Problem>,
}

impl Report {
    /// Records an error at `path`.
    pub fn error(&mut self, path: &str, code: &'static str, message: impl Into<String>) {
        let problem = problem(path, code, message.into());
        self.errors.push(problem);
    }

    /// Records a warning at `path`.
    pub fn warn(&mut self, path: &str, code: &'static str, message: impl Into<String>) {
        let problem = problem(path, code, message.into());
        self.warnings.push(problem);
    }

    /// True when there is no error (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error on its own line, `path: message`.
    pub fn error_text(&self) -> String {
        let lines: Vec<String> = self.errors.iter().map(|p| p.to_string()).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        super::strs::join(&lines, "\n")
    }
}

/// `base.key`, or `base["key"]` when the key is not a plain identifier.
pub fn key_path(base: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    match (base.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{base}.{key}"),
        (_, false) => format!("{base}[{}]", crate::core::json::Value::str(key)),
    }
}

/// `base[i]`.
pub fn index_path(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let n = super::strs::char_count(word);
    let limit = if n < 3 { 0 } else { (n / 3).max(1) };
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` (did you mean "x"?)`, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, candidates)
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
