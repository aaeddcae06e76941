//! Completion rules: what completes a step (`completeOn`) or reaches first value.
//!
//! A rule is an event name, or an object: an event counted (`count`, `within`) and
//! filtered on its properties (`where`), a page the user is on (`page`), a click on
//! an element of the host page (`click`), or a group (`all`, `any`). Each leaf has a
//! *tally*: the occurrences that count for it, as `(time, tag)` pairs, stored in the
//! snapshot. A tag is unique per occurrence (a random number per page load plus a
//! sequence), so merging two tabs' tallies is a set union that never counts one event
//! twice. A leaf holds once its tally does (`count` occurrences, within one window for
//! `within`); a group holds when all (or any) of its parts have held: parts happen
//! at different times, and each counts once it has happened.
//!
//! Everything here is a pure function of (rule, occurrence, tally, time).

use super::error::{did_you_mean, index_path, key_path, Report};
use super::json::Value;
use super::segment::{parse_match, Condition};
use super::shape::MAX_LIST;
use super::snapshot::Source;

/// Most times an event may be counted (every pending occurrence is stored).
pub const MAX_COUNT: u64 = 100;
/// How deep `all`/`any` groups may nest.
pub const MAX_DEPTH: usize = 4;
/// How long past its window a windowed tally keeps an occurrence, so a merge with a
/// tab that has not synced yet still finds the pairs that fall within one window.
pub const SLACK_MS: u64 = 3_600_000;

/// One completion rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A host event, counted and filtered.
    Event(EventRule),
    /// The user is on a page whose path matches this glob.
    Page(Leaf<String>),
    /// The user clicks an element of the host page that matches this selector.
    Click(Leaf<String>),
    /// Every part has held.
    All(Vec<Rule>),
    /// One part has held.
    Any(Vec<Rule>),
}

/// A rule part with its tally key.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf<T> {
    /// What it matches.
    pub what: T,
    /// The key of its tally in the snapshot (a hash of its config text).
    pub key: String,
}

/// `{ "event": name, "count": n, "within": d, "where": {...} }`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRule {
    /// The event name.
    pub name: String,
    /// How many times (1 unless given).
    pub count: u64,
    /// The window the `count` occurrences must fall within, ms.
    pub within_ms: Option<u64>,
    /// Conditions on the event's properties, all must hold.
    pub conditions: Vec<Condition>,
    /// The key of its tally.
    pub key: String,
}

/// Something that happened that rules can match.
#[derive(Debug, Clone, Copy)]
pub enum Happening<'a> {
    /// `track(name, properties)`; properties are an object or null.
    Event(&'a str, &'a Value),
    /// The user is on this page (a path, with `#hash` if any).
    Page(&'a str),
    /// The user clicked an element matching this selector (as written in the config).
    Click(&'a str),
}

impl Happening<'_> {
    /// The source a step completed by this reports.
    pub fn source(&self) -> Source {
        match self {
            Happening::Event(..) => Source::Event,
            Happening::Page(_) => Source::Page,
            Happening::Click(_) => Source::ClickTarget,
        }
    }
}

/// One occurrence: when, and a tag unique to it.
pub type Mark = (u64, u32);

/// Every tally, by key, kept sorted by key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tallies(pub Vec<(String, Vec<Mark>)>);

impl Tallies {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The occurrences counted for `key`, sorted.
    pub fn get(&self, key: &str) -> &[Mark] {
        self.find(key).map_or(&[], |i| &self.0[i].1)
    }

    /// Adds one occurrence under `key`; whether it was new.
    pub fn add(&mut self, key: &str, mark: Mark) -> bool {
        let i = match self.find(key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key.to_string(), Vec::new()));
                i
            }
        };
        let marks = &mut self.0[i].1;
        match marks.binary_search(&mark) {
            Ok(_) => false,
            Err(at) => {
                marks.insert(at, mark);
                true
            }
        }
    }

    /// Takes every occurrence of `other` (a set union); whether anything was new.
    pub fn union(&mut self, other: &Tallies) -> bool {
        let mut changed = false;
        for (key, marks) in &other.0 {
            for &m in marks {
                changed |= self.add(key, m);
            }
        }
        changed
    }

    /// Keeps only what `keep` says of each key (`None`: drop the key); whether
    /// anything was dropped.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Vec<Mark>) -> bool) -> bool {
        let before: usize = self.0.iter().map(|(_, m)| m.len() + 1).sum();
        self.0.retain_mut(|(k, m)| keep(k, m) && !m.is_empty());
        before != self.0.iter().map(|(_, m)| m.len() + 1).sum::<usize>()
    }

    /// Whether there is no tally.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// When `marks` (sorted) first held `count` occurrences, all within one `within`
/// window: the time of the occurrence that completed them.
///
/// ```
/// use firstvalue::core::rule::first_held;
/// let m = [(0, 1), (40, 2), (100, 3)];
/// assert_eq!(first_held(&m, 3, None), Some(100));
/// assert_eq!(first_held(&m, 2, Some(50)), Some(40));
/// assert_eq!(first_held(&m, 3, Some(99)), None);
/// assert_eq!(first_held(&m, 3, Some(100)), Some(100));
/// ```
pub fn first_held(marks: &[Mark], count: u64, within: Option<u64>) -> Option<u64> {
    let n = count.max(1) as usize;
    let w = within.unwrap_or(u64::MAX);
    marks
        .windows(n)
        .find(|ws| ws[n - 1].0 - ws[0].0 <= w)
        .map(|ws| ws[n - 1].0)
}

/// What of a tally a leaf with these parameters must keep: without a window, the `count`
/// earliest occurrences (all it can ever need); with one, those from `within` plus
/// [`SLACK_MS`] before the latest, at most the latest `4 * count`.
pub fn prune(marks: &mut Vec<Mark>, count: u64, within: Option<u64>) {
    let n = count.max(1) as usize;
    match within {
        None => marks.truncate(n),
        Some(w) => {
            let Some(&(latest, _)) = marks.last() else {
                return;
            };
            let from = latest.saturating_sub(w.saturating_add(SLACK_MS));
            let first = marks.partition_point(|m| m.0 < from);
            let first = first.max(marks.len().saturating_sub(4 * n));
            marks.drain(..first);
        }
    }
}

impl Rule {
    /// Calls `f` on every leaf: `(key, count, within)`.
    pub fn leaves<'a>(&'a self, f: &mut impl FnMut(&'a str, u64, Option<u64>)) {
        match self {
            Rule::Event(e) => f(&e.key, e.count, e.within_ms),
            Rule::Page(l) | Rule::Click(l) => f(&l.key, 1, None),
            Rule::All(parts) | Rule::Any(parts) => parts.iter().for_each(|p| p.leaves(f)),
        }
    }

    /// Calls `f` with the key of every leaf that `h` matches.
    pub fn matching(&self, h: Happening, f: &mut impl FnMut(&str)) {
        match (self, h) {
            (Rule::Event(e), Happening::Event(name, props)) => {
                if e.name == name
                    && e.conditions
                        .iter()
                        .all(|c| c.tests.iter().all(|t| t.holds(props.get(&c.trait_name))))
                {
                    f(&e.key)
                }
            }
            (Rule::Page(l), Happening::Page(page)) => {
                if glob(&l.what, page) {
                    f(&l.key)
                }
            }
            (Rule::Click(l), Happening::Click(sel)) => {
                if l.what == sel {
                    f(&l.key)
                }
            }
            (Rule::All(parts) | Rule::Any(parts), h) => {
                parts.iter().for_each(|p| p.matching(h, f))
            }
            _ => {}
        }
    }

    /// When the rule first held on these tallies, if it does: a group of all parts
    /// when its last part held, a group of any when its first did.
    pub fn held_at(&self, tallies: &Tallies) -> Option<u64> {
        match self {
            Rule::Event(e) => first_held(tallies.get(&e.key), e.count, e.within_ms),
            Rule::Page(l) | Rule::Click(l) => tallies.get(&l.key).first().map(|m| m.0),
            Rule::All(parts) => parts
                .iter()
                .try_fold(0, |at, p| p.held_at(tallies).map(|t| at.max(t))),
            Rule::Any(parts) => parts.iter().filter_map(|p| p.held_at(tallies)).min(),
        }
    }

    /// The source a step completed by this rule reports when no single input decided it
    /// (a merge): the kind of its first part.
    pub fn source(&self) -> Source {
        match self {
            Rule::Event(_) => Source::Event,
            Rule::Page(_) => Source::Page,
            Rule::Click(_) => Source::ClickTarget,
            Rule::All(parts) | Rule::Any(parts) => parts.first().map_or(Source::Event, Rule::source),
        }
    }

    /// The event names this rule listens for.
    pub fn events(&self, f: &mut impl FnMut(&str)) {
        match self {
            Rule::Event(e) => f(&e.name),
            Rule::All(parts) | Rule::Any(parts) => parts.iter().for_each(|p| p.events(f)),
            _ => {}
        }
    }

    /// The click selectors and page globs this rule has: `f(is_click, text)`.
    pub fn targets(&self, f: &mut impl FnMut(bool, &str)) {
        match self {
            Rule::Page(l) => f(false, &l.what),
            Rule::Click(l) => f(true, &l.what),
            Rule::All(parts) | Rule::Any(parts) => parts.iter().for_each(|p| p.targets(f)),
            Rule::Event(_) => {}
        }
    }

    /// Whether this is a bare event name (`"chart_saved"`).
    pub fn is_plain_event(&self) -> bool {
        matches!(self, Rule::Event(e) if e.count == 1 && e.within_ms.is_none() && e.conditions.is_empty())
    }
}

/// The tally key of a leaf: a 52-bit FNV-1a hash of its config text, in base 36.
fn key_of(v: &Value) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in v.to_string().bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    let mut h = h >> 12;
    let mut out = Vec::new();
    loop {
        let d = (h % 36) as u8;
        out.push(if d < 10 { b'0' + d } else { b'a' + d - 10 });
        h /= 36;
        if h == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

const KINDS: [&str; 5] = ["event", "page", "click", "all", "any"];
const EVENT_KEYS: [&str; 4] = ["event", "count", "within", "where"];

/// Parses one rule (a `completeOn` entry or a `firstValue` object), recording every
/// problem under `path`. `None` when it has errors.
pub fn parse(v: &Value, path: &str, out: &mut Report) -> Option<Rule> {
    parse_at(v, path, 0, out)
}

fn event_name(s: &str, path: &str, out: &mut Report) -> bool {
    let n = super::strs::char_count(s);
    if n == 0 {
        out.error(path, "an event name must not be empty");
    } else if n > 100 {
        out.error(path, format!("is {n} characters long; the limit is 100"));
    }
    (1..=100).contains(&n)
}

fn parse_at(v: &Value, path: &str, depth: usize, out: &mut Report) -> Option<Rule> {
    let members = match v {
        Value::String(s) => {
            return event_name(s, path, out).then(|| {
                Rule::Event(EventRule {
                    name: s.clone(),
                    count: 1,
                    within_ms: None,
                    conditions: Vec::new(),
                    key: key_of(v),
                })
            })
        }
        Value::Object(m) => m,
        v => {
            out.error(
                path,
                format!(
                    "must be an event name or a rule object ({}), not {}",
                    super::strs::join(&KINDS, ", "),
                    v.kind()
                ),
            );
            return None;
        }
    };
    let kinds: Vec<&str> = KINDS
        .into_iter()
        .filter(|k| members.iter().any(|(m, _)| m == k))
        .collect();
    let kind = match kinds[..] {
        [k] => k,
        [] => {
            let hint = members
                .first()
                .map(|(k, _)| did_you_mean(k, KINDS))
                .unwrap_or_default();
            out.error(
                path,
                format!(
                    "a rule needs one of \"{}\"{hint}",
                    super::strs::join(&KINDS, "\", \"")
                ),
            );
            return None;
        }
        _ => {
            out.error(
                path,
                format!(
                    "a rule has one kind; this one has \"{}\" (put several in \"all\" or \"any\")",
                    super::strs::join(&kinds, "\" and \"")
                ),
            );
            return None;
        }
    };
    let before = out.errors.len();
    let allowed: &[&str] = if kind == "event" { &EVENT_KEYS } else { &[] };
    for (k, _) in members {
        if k != kind && !allowed.contains(&k.as_str()) {
            let known = allowed.iter().copied().chain([kind]);
            out.error(
                &key_path(path, k),
                format!(
                    "unknown key \"{k}\" in a \"{kind}\" rule{}",
                    did_you_mean(k, known)
                ),
            );
        }
    }
    let body = v.get(kind).unwrap_or(&Value::Null);
    let at = key_path(path, kind);
    let text = |out: &mut Report| match body {
        Value::String(s) => Some(s.clone()),
        v => {
            out.error(&at, format!("must be a string, not {}", v.kind()));
            None
        }
    };
    let rule = match kind {
        "event" => {
            let name = text(out).filter(|s| event_name(s, &at, out));
            let count = match v.get("count") {
                None => None,
                Some(Value::Number(n)) if n.fract() == 0.0 && *n >= 1.0 && *n <= MAX_COUNT as f64 => {
                    Some(*n as u64)
                }
                Some(c) => {
                    out.error(
                        &key_path(path, "count"),
                        format!(
                            "must be a whole number from 1 to {MAX_COUNT}, not {}",
                            match c {
                                Value::Number(n) => super::num::decimal(*n),
                                c => c.kind().to_string(),
                            }
                        ),
                    );
                    None
                }
            };
            let within_ms = match v.get("within") {
                None => None,
                Some(w) => {
                    let p = key_path(path, "within");
                    if v.get("count").is_none() {
                        out.error(&p, "\"within\" needs \"count\": how many times within the window (for example \"count\": 3, \"within\": \"P7D\")");
                    } else if count == Some(1) {
                        out.warn(&p, "\"count\": 1 within a window is just the event: the window changes nothing");
                    }
                    match w.as_str().map(super::duration::parse) {
                        Some(Ok(ms)) => Some(ms),
                        Some(Err(m)) => {
                            out.error(&p, m);
                            None
                        }
                        None => {
                            out.error(&p, format!("must be an ISO 8601 duration such as \"P7D\", not {}", w.kind()));
                            None
                        }
                    }
                }
            };
            let conditions = match v.get("where") {
                None => Vec::new(),
                Some(Value::Object(m)) => parse_match(m, &key_path(path, "where"), out),
                Some(w) => {
                    out.error(
                        &key_path(path, "where"),
                        format!("must be an object of property conditions, not {}", w.kind()),
                    );
                    Vec::new()
                }
            };
            name.map(|name| {
                Rule::Event(EventRule {
                    name,
                    count: count.unwrap_or(1),
                    within_ms,
                    conditions,
                    key: key_of(v),
                })
            })
        }
        "page" => text(out)
            .filter(|g| check_glob(g, &at, out))
            .map(|g| Rule::Page(Leaf { what: g, key: key_of(v) })),
        "click" => text(out)
            .filter(|s| check_selector(s, &at, out))
            .map(|s| Rule::Click(Leaf { what: s, key: key_of(v) })),
        _ => {
            let Value::Array(items) = body else {
                out.error(&at, format!("must be an array of rules, not {}", body.kind()));
                return None;
            };
            if items.is_empty() {
                out.error(&at, "list at least one rule");
            } else if items.len() > MAX_LIST {
                out.error(&at, format!("has {} rules; the limit is {MAX_LIST}", items.len()));
            } else if depth + 1 >= MAX_DEPTH {
                out.error(&at, format!("groups nest at most {MAX_DEPTH} deep"));
                return None;
            }
            let parts: Vec<Rule> = items
                .iter()
                .take(MAX_LIST)
                .enumerate()
                .filter_map(|(i, p)| parse_at(p, &index_path(&at, i), depth + 1, out))
                .collect();
            Some(if kind == "all" {
                Rule::All(parts)
            } else {
                Rule::Any(parts)
            })
        }
    };
    rule.filter(|_| out.errors.len() == before)
}

/// Checks a page glob: a path from `/`, `*` for one path part, `**` for any number,
/// an optional `#hash` part, no query.
fn check_glob(g: &str, path: &str, out: &mut Report) -> bool {
    let problem = if !g.starts_with('/') {
        Some("a page pattern is a path starting with \"/\", for example \"/reports/*\"")
    } else if g.contains('?') {
        Some("a page pattern matches the path, not the query: leave out \"?…\"")
    } else if g.contains("***") {
        Some("\"***\" means nothing more than \"**\"")
    } else if g.chars().any(char::is_whitespace) {
        Some("a page pattern has no spaces (write %20)")
    } else if g.matches('#').count() > 1 {
        Some("a page pattern has at most one \"#\"")
    } else if g.len() > 500 {
        Some("is longer than 500 characters")
    } else {
        None
    };
    if let Some(m) = problem {
        out.error(path, m);
    }
    problem.is_none()
}

/// Checks what can be checked of a CSS selector without a browser: not empty, brackets
/// and quotes balanced, no dangling combinator, no style block. The browser checks the
/// rest when the checklist is mounted.
pub fn check_selector(s: &str, path: &str, out: &mut Report) -> bool {
    let t = s.trim();
    let mut stack = Vec::new();
    let mut quote: Option<char> = None;
    let mut bad: Option<String> = None;
    let mut escaped = false;
    for c in t.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (_, '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => stack.push(if c == '[' { ']' } else { ')' }),
            (None, ']' | ')') => {
                if stack.pop() != Some(c) {
                    bad = Some(format!("\"{c}\" closes nothing"));
                    break;
                }
            }
            (None, '{' | '}' | ';') => {
                bad = Some(format!("a selector has no \"{c}\" (only the selector, no style)"));
                break;
            }
            _ => {}
        }
    }
    let problem = if t.is_empty() {
        Some("a selector must not be empty".to_string())
    } else if s.len() > 500 {
        Some("is longer than 500 characters".to_string())
    } else if bad.is_some() {
        bad
    } else if let Some(q) = quote {
        Some(format!("a {q} quote is not closed"))
    } else if let Some(c) = stack.last() {
        Some(format!("a bracket is not closed: \"{c}\" is missing"))
    } else if t.ends_with(['>', '+', '~', ',']) || t.starts_with(['>', '+', '~', ',']) {
        Some("a selector does not start or end with a combinator (>, +, ~) or a comma".into())
    } else {
        None
    };
    if let Some(m) = &problem {
        out.error(path, format!("\"{s}\" is not a valid CSS selector: {m}"));
    }
    problem.is_none()
}

/// The part of a page that globs are matched against: the path (no query), with its
/// `#hash` when the pattern has one; a trailing `/` does not count.
fn page_part<'a>(page: &'a str, with_hash: bool) -> (&'a str, &'a str) {
    let rest = match page.find("://") {
        Some(i) if page[..i].bytes().all(|b| b.is_ascii_alphanumeric()) => {
            let after = &page[i + 3..];
            after.find('/').map_or("/", |j| &after[j..])
        }
        _ => page,
    };
    let (before_hash, hash) = match rest.find('#') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path = before_hash.split('?').next().unwrap_or("");
    (path, if with_hash { hash } else { "" })
}

fn trim_slash(s: &str) -> &str {
    if s.len() > 1 {
        s.strip_suffix('/').unwrap_or(s)
    } else {
        s
    }
}

/// Whether `page` (a path or URL, with query and hash if any) matches the glob `pattern`:
/// `*` is any run of characters but `/`, `**` any run at all.
///
/// ```
/// use firstvalue::core::rule::glob;
/// assert!(glob("/reports/*", "/reports/42?tab=1"));
/// assert!(!glob("/reports/*", "/reports/42/edit"));
/// assert!(glob("/reports/**", "/reports/42/edit"));
/// assert!(glob("/settings", "https://app.example.com/settings/"));
/// assert!(glob("/#/reports/*", "/#/reports/7"));
/// ```
pub fn glob(pattern: &str, page: &str) -> bool {
    let with_hash = pattern.contains('#');
    let (pp, ph) = page_part(pattern, with_hash);
    let (path, hash) = page_part(page, with_hash);
    let p = [trim_slash(pp).as_bytes(), ph.as_bytes()].concat();
    let s = [trim_slash(path).as_bytes(), hash.as_bytes()].concat();
    // reach[j]: the pattern so far matches s[..j].
    let mut reach = vec![false; s.len() + 1];
    reach[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; s.len() + 1];
        if p[i] == b'*' {
            let any = p.get(i + 1) == Some(&b'*');
            let mut on = false;
            for j in 0..=s.len() {
                on |= reach[j];
                next[j] = on;
                if j < s.len() && !any && s[j] == b'/' {
                    on = false;
                }
            }
            i += if any { 2 } else { 1 };
        } else {
            for j in 0..s.len() {
                next[j + 1] = reach[j] && s[j] == p[i];
            }
            i += 1;
        }
        reach = next;
    }
    reach[s.len()]
}
