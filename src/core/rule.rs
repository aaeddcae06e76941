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

use super::condition::{all_hold, parse_match, Condition};
use super::error::{codes, Report};
use super::json::Value;

pub use super::limits::MAX_COUNT;

/// Who completed a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The user checked it off.
    Click,
    /// A host event (`track`).
    Event,
    /// The host called `complete()`.
    Api,
    /// The user visited a page (a `page` rule).
    Page,
    /// The user clicked an element of the host page (a `click` rule).
    ClickTarget,
}

impl Source {
    /// The name used in events: `click`, `event`, `api`, `page`, `click_target`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Click => "click",
            Source::Event => "event",
            Source::Api => "api",
            Source::Page => "page",
            Source::ClickTarget => "click_target",
        }
    }

    /// The one-letter form in a stored snapshot: `c`, `e`, `a`, `p`, `t`.
    pub fn code(self) -> &'static str {
        match self {
            Source::Click => "c",
            Source::Event => "e",
            Source::Api => "a",
            Source::Page => "p",
            Source::ClickTarget => "t",
        }
    }
}

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
    pub fn leaves<'a>(&'a self, f: &mut dyn FnMut(&'a str, u64, Option<u64>)) {
        match self {
            Rule::Event(e) => f(&e.key, e.count, e.within_ms),
            Rule::Page(l) | Rule::Click(l) => f(&l.key, 1, None),
            Rule::All(parts) | Rule::Any(parts) => parts.iter().for_each(|p| p.leaves(f)),
        }
    }

    /// Calls `f` with the key of every leaf that `h` matches.
    pub fn matching(&self, h: Happening, f: &mut dyn FnMut(&str)) {
        match (self, h) {
            (Rule::Event(e), Happening::Event(name, props))
                if e.name == name && all_hold(&e.conditions, props) =>
            {
                f(&e.key)
            }
            (Rule::Page(l), Happening::Page(page)) if glob(&l.what, page) => f(&l.key),
            (Rule::Click(l), Happening::Click(sel)) if l.what == sel => f(&l.key),
            (Rule::All(parts) | Rule::Any(parts), h) => parts.iter().for_each(|p| p.matching(h, f)),
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
            Rule::All(parts) | Rule::Any(parts) => {
                parts.first().map_or(Source::Event, Rule::source)
            }
        }
    }

    /// The event names this rule listens for.
    pub fn events<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        match self {
            Rule::Event(e) => f(&e.name),
            Rule::All(parts) | Rule::Any(parts) => parts.iter().for_each(|p| p.events(f)),
            _ => {}
        }
    }

    /// The click selectors and page globs this rule has: `f(is_click, text)`.
    pub fn targets(&self, f: &mut dyn FnMut(bool, &str)) {
        match self {
            Rule::Page(l) => f(false, &l.what),
            Rule::Click(l) => f(true, &l.what),
            Rule::All(parts) | Rule::Any(parts) => parts.iter().for_each(|p| p.targets(f)),
            Rule::Event(_) => {}
        }
    }

    /// Whether one matching occurrence is enough on its own: an event without a count
    /// (its `where` already held to match), a page, a click. No tally is kept for these.
    pub fn is_plain(&self) -> bool {
        match self {
            Rule::Event(e) => e.count == 1,
            Rule::Page(_) | Rule::Click(_) => true,
            Rule::All(_) | Rule::Any(_) => false,
        }
    }
}

/// The tally key of a leaf: a 52-bit FNV-1a hash of its config text, in base 36.
fn key_of(v: &Value) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in v.to_string().bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    let mut h = h >> 12;
    let mut digits = Vec::new();
    while h > 0 || digits.is_empty() {
        digits.push(char::from_digit((h % 36) as u32, 36).unwrap_or('0'));
        h /= 36;
    }
    digits.iter().rev().collect()
}

/// Builds the rule of a `completeOn` entry or `firstValue` object that passed the
/// shape check (`shape.rs`, which reports every problem with its path).
pub fn build(v: &Value) -> Option<Rule> {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let leaf = |what: String| Leaf {
        what,
        key: key_of(v),
    };
    let parts = |items: &[Value]| items.iter().filter_map(build).collect();
    Some(match v {
        Value::String(s) => Rule::Event(EventRule {
            name: s.clone(),
            count: 1,
            within_ms: None,
            conditions: Vec::new(),
            key: key_of(v),
        }),
        _ => match (v.get("all"), v.get("any")) {
            (Some(Value::Array(items)), _) => Rule::All(parts(items)),
            (_, Some(Value::Array(items))) => Rule::Any(parts(items)),
            _ => {
                if let Some(g) = text("page") {
                    Rule::Page(leaf(g))
                } else if let Some(sel) = text("click") {
                    Rule::Click(leaf(sel))
                } else {
                    Rule::Event(EventRule {
                        name: text("event")?,
                        count: v.get("count").and_then(Value::as_f64).unwrap_or(1.0) as u64,
                        within_ms: text("within").and_then(|w| super::duration::parse(&w).ok()),
                        conditions: match v.get("where") {
                            Some(Value::Object(m)) => parse_match(m, "", &mut Report::default()),
                            _ => Vec::new(),
                        },
                        key: key_of(v),
                    })
                }
            }
        },
    })
}

/// Checks a page glob: a path from `/`, `*` for one path part, `**` for any number,
/// an optional `#hash` part, no query.
pub fn check_glob(g: &str, path: &str, out: &mut Report) -> bool {
    let problem = if !g.starts_with('/') {
        Some(prose!(
            "a page pattern is a path starting with \"/\", for example \"/reports/*\""
        ))
    } else if g.contains('?') {
        Some(prose!(
            "a page pattern matches the path, not the query: leave out \"?…\""
        ))
    } else if super::strs::contains(g, "***") {
        Some(prose!("\"***\" means nothing more than \"**\""))
    } else if g.chars().any(char::is_whitespace) {
        Some(prose!("a page pattern has no spaces (write %20)"))
    } else if g.matches('#').count() > 1 {
        Some(prose!("a page pattern has at most one \"#\""))
    } else if g.len() > 500 {
        Some(prose!("is longer than 500 characters"))
    } else {
        None
    };
    if let Some(m) = problem {
        out.error(path, codes::INVALID_PAGE, prose!(m));
    }
    problem.is_none()
}

/// Checks what can be checked of a CSS selector without a browser: not empty, brackets
/// and quotes balanced, no dangling combinator, no style block, and nothing that can never
/// match a click on the page: a pseudo-element (`::before`, `:after`) is not an element,
/// and `:host` matches only inside a shadow tree. The same check runs in the CLI and in
/// the browser (where the browser's own parser then checks the rest at `mount()` and
/// `validateConfig()`), so `firstvalue check` and the page agree: the browser alone would
/// accept `a[href` (its parser closes what the end leaves open) and `::before`.
pub fn check_selector(s: &str, path: &str, out: &mut Report) -> bool {
    let problem = selector_problem(s);
    if let Some(m) = &problem {
        out.error(
            path,
            codes::INVALID_SELECTOR,
            prose!(format!("\"{s}\" is not a valid CSS selector: {m}")),
        );
    }
    problem.is_none()
}

/// What is wrong with click selector `s` before a browser sees it, if anything: the browser
/// checks the rest (`web::mount`), only of selectors that pass this.
pub fn selector_problem(s: &str) -> Option<String> {
    if s.trim_matches(' ').is_empty() {
        Some(crate::prose_string(prose!("a selector must not be empty")))
    } else if s.len() > 500 {
        Some(crate::prose_string(prose!("is longer than 500 characters")))
    } else {
        selector_syntax(s)
    }
}

/// Pseudo-elements in their one-colon form (CSS 2), and the shadow-tree pseudo-classes.
const NEVER_CLICKED: [&str; 7] = [
    ":before",
    ":after",
    ":first-line",
    ":first-letter",
    ":host-context",
    ":host",
    ":slotted",
];

fn selector_syntax(s: &str) -> Option<String> {
    // Bytes: every delimiter is ASCII, and no `char` formatting (with its Unicode tables)
    // comes into the wasm. What the browser's parser refuses by itself (a stray closing
    // bracket, a style block, a dangling combinator) is checked here in the CLI only.
    let host = cfg!(not(target_arch = "wasm32"));
    let t = s.trim_matches(' ').as_bytes();
    let mut stack = Vec::new();
    let mut quote = None;
    let mut escaped = false;
    let said = |what: &str, c: u8, rest: &str| {
        Some(crate::prose_string(prose!({
            let mut m = String::from(what);
            m.push(char::from(c));
            m.push_str(rest);
            m
        })))
    };
    for (i, &c) in t.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (_, b'\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'[') => stack.push(b']'),
            (None, b'(') => stack.push(b')'),
            (None, b']' | b')') if stack.pop() != Some(c) && host => {
                return said("\"", c, "\" closes nothing");
            }
            (None, b'{' | b'}' | b';') if host => {
                return said(
                    "a selector has no \"",
                    c,
                    "\" (only the selector, no style)",
                );
            }
            (None, b':') => {
                let rest = &t[i..];
                // `::x` always; `:before` and the like only as a whole name (not `:before-x`).
                let named = NEVER_CLICKED.iter().any(|n| {
                    let n = n.as_bytes();
                    rest.len() >= n.len()
                        && rest[..n.len()].eq_ignore_ascii_case(n)
                        && !rest.get(n.len()).is_some_and(|&c| {
                            c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
                        })
                });
                if rest.starts_with(b"::") || named {
                    return Some(crate::prose_string(prose!(
                        "a click never targets a pseudo-element (::before, :after) or a shadow \
                         tree's :host or ::slotted: select the element itself"
                    )));
                }
            }
            _ => {}
        }
    }
    let edge = |c: Option<&u8>| c.is_some_and(|c| b">+~,".contains(c));
    if let Some(q) = quote {
        said("a ", q, " quote is not closed")
    } else if let Some(&c) = stack.last() {
        said("a bracket is not closed: \"", c, "\" is missing")
    } else if host && (edge(t.first()) || edge(t.last())) {
        Some(crate::prose_string(prose!(
            "a selector does not start or end with a combinator (>, +, ~) or a comma"
        )))
    } else {
        None
    }
}

/// What of a page globs are matched against: the path (no origin, no query, a
/// trailing `/` left out), then its `#hash` when the pattern has one.
fn page_bytes(page: &str, with_hash: bool) -> Vec<u8> {
    let mut b = page.as_bytes();
    if let Some(i) = b.windows(3).position(|w| w == b"://") {
        if b.iter().take(i).all(u8::is_ascii_alphanumeric) {
            let after = b.get(i + 3..).unwrap_or_default();
            b = after
                .iter()
                .position(|&c| c == b'/')
                .and_then(|j| after.get(j..))
                .unwrap_or(b"/");
        }
    }
    let mut out: Vec<u8> = b
        .iter()
        .copied()
        .take_while(|&c| c != b'?' && c != b'#')
        .collect();
    if out.len() > 1 && out.last() == Some(&b'/') {
        out.pop();
    }
    if with_hash {
        if let Some(h) = b.iter().position(|&c| c == b'#') {
            out.extend_from_slice(b.get(h..).unwrap_or_default());
        }
    }
    out
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
    let p = page_bytes(pattern, with_hash);
    let s = page_bytes(page, with_hash);
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
