//! What is remembered per checklist and user, and how it is stored.
//!
//! The stored form is compact, versioned JSON:
//!
//! ```json
//! {"v":2,"g":0,"s":1763629200000,
//!  "d":{"connect_data":[1763629260000,"d","e"],"invite_team":[1763629270000,"s","c"]},
//!  "k":{"2c9x0f1tq1":[1763629300000,3141592653,1763629400000,3141592654]},
//!  "cs":1763629200000,"fv":1763629260000,"gm":null,"cc":null,
//!  "dm":[false,0],"mn":[true,1763629280000]}
//! ```
//!
//! `k` holds the tallies of counted rules ([`super::rule`]): per rule, the pending
//! occurrences as flat `time, tag` pairs. Version 1 had no `k`.
//!
//! `g` is the generation: `reset()` makes a new one, and a higher generation wins
//! a merge outright. Within a generation, merging is a union: a fact known to
//! either side is kept with its earliest time, so nothing done is ever lost and
//! nothing once-only happens twice. UI flags (`dm` dismissed, `mn` minimized)
//! are last-writer-wins by their time. Tallies merge as sets of occurrences.

use super::json::Value;
pub use super::rule::Source;
use super::rule::Tallies;

/// The snapshot format this build writes.
pub const VERSION: u64 = 2;

/// How a step was finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done.
    Done,
    /// Skipped by the user.
    Skipped,
}

/// A finished step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepFact {
    /// Done or skipped.
    pub status: Status,
    /// When, epoch ms.
    pub at: u64,
    /// Who did it.
    pub source: Source,
}

/// A UI flag with the time it was last set, so the latest write wins across tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag {
    /// The value.
    pub on: bool,
    /// When it was set, epoch ms.
    pub at: u64,
}

/// How many finished steps the config does not know a stored snapshot keeps: steps
/// removed from the config (or added by a newer deploy in another tab) keep their facts
/// for when they come back, the most recent this many. Past it every save would rewrite
/// them all: 100,000 of them made each `track()` store 3.6 MB.
pub const MAX_UNKNOWN: usize = 1000;

/// Finished steps by id, kept sorted by id: a map in a `Vec` searched by binary
/// search (BTreeMap's code was ~5 KB of the wasm). Iterates in id order. Each change
/// takes a new [`Facts::stamp`], so what the engine derives from the facts is worked out
/// again only when they changed.
#[derive(Debug, Clone, Default)]
pub struct Facts(Vec<(String, StepFact)>, u32);

impl PartialEq for Facts {
    fn eq(&self, other: &Facts) -> bool {
        self.0 == other.0
    }
}

impl Eq for Facts {}

/// A stamp no `Facts` had before (0 is the empty default's).
fn next_stamp() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Facts {
    /// Changes whenever the facts do: equal stamps, equal facts.
    pub fn stamp(&self) -> u32 {
        self.1
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    /// The fact about step `id`.
    pub fn get(&self, id: &str) -> Option<&StepFact> {
        self.find(id).ok().map(|i| &self.0[i].1)
    }

    /// Whether step `id` is finished.
    pub fn contains_key(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Sets the fact about `id`, replacing any.
    pub fn insert(&mut self, id: String, fact: StepFact) {
        self.1 = next_stamp();
        match self.find(&id) {
            Ok(i) => self.0[i].1 = fact,
            Err(i) => self.0.insert(i, (id, fact)),
        }
    }

    /// Takes every fact of `other` that is new here or `better(theirs, mine)`: changed
    /// ones in place, new ones added in one sort, so merging n entries is O(n log n)
    /// (inserting each in place was O(n^2)). Returns whether anything changed.
    pub fn union(&mut self, other: &Facts, better: impl Fn(&StepFact, &StepFact) -> bool) -> bool {
        let mut added = Vec::new();
        let mut changed = false;
        for (id, theirs) in &other.0 {
            match self.find(id) {
                Ok(i) if better(theirs, &self.0[i].1) => {
                    self.0[i].1 = *theirs;
                    self.1 = next_stamp();
                    changed = true;
                }
                Ok(_) => {}
                Err(_) => added.push((id.clone(), *theirs)),
            }
        }
        if !added.is_empty() {
            let mut all = std::mem::take(&mut self.0);
            all.append(&mut added);
            *self = Facts::from_entries(all);
            changed = true;
        }
        changed
    }

    /// Facts from entries in any order; of two for one id, the later wins.
    pub fn from_entries(entries: Vec<(String, StepFact)>) -> Facts {
        let mut v: Vec<(usize, (String, StepFact))> = entries.into_iter().enumerate().collect();
        super::index::heapsort(&mut v, |a, b| (&a.1 .0, a.0) < (&b.1 .0, b.0));
        let mut out: Vec<(String, StepFact)> = Vec::with_capacity(v.len());
        for (_, e) in v {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        Facts(out, next_stamp())
    }

    /// Keeps at most `keep` facts whose id `known` refuses: the most recent ones (of
    /// several at the same time at the edge, none). Returns how many were dropped.
    pub fn prune(&mut self, known: impl Fn(&str) -> bool, keep: usize) -> usize {
        let times: Vec<u64> = (self.0.iter())
            .filter(|(k, _)| !known(k))
            .map(|(_, f)| f.at)
            .collect();
        if times.len() <= keep {
            return 0;
        }
        // The earliest time from which no more than `keep` are on or after it (a search
        // over times, not a sort: no sort's code in the wasm).
        let newer = |t: u64| times.iter().filter(|&&a| a >= t).count();
        let (mut lo, mut hi) = (0u64, u64::MAX);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if newer(mid) <= keep {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let before = self.0.len();
        self.0.retain(|(k, f)| f.at >= hi || known(k));
        self.1 = next_stamp();
        before - self.0.len()
    }

    /// `(id, fact)` in id order.
    pub fn iter(&self) -> <&Facts as IntoIterator>::IntoIter {
        self.into_iter()
    }

    /// The ids, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many steps are finished.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

type Entry = (String, StepFact);

impl<'a> IntoIterator for &'a Facts {
    type Item = (&'a String, &'a StepFact);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Entry>, fn(&'a Entry) -> Self::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, f)| (k, f))
    }
}

impl std::ops::Index<&str> for Facts {
    type Output = StepFact;
    /// The fact about `id`; panics if there is none (for tests).
    fn index(&self, id: &str) -> &StepFact {
        self.get(id).expect("no fact for this step")
    }
}

/// Everything remembered about one user's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// Generation: bumped by `reset()`.
    pub generation: u64,
    /// When the TTFV clock started, epoch ms.
    pub started_at: u64,
    /// Finished steps by id.
    pub steps: Facts,
    /// When `checklist_started` happened.
    pub started_event_at: Option<u64>,
    /// When first value was reached.
    pub first_value_at: Option<u64>,
    /// When `goal_missed` happened.
    pub goal_missed_at: Option<u64>,
    /// When the checklist was completed.
    pub completed_at: Option<u64>,
    /// Dismissed by the user.
    pub dismissed: Flag,
    /// Minimized to the launcher.
    pub minimized: Flag,
    /// Occurrences counted for rules not yet satisfied.
    pub tallies: Tallies,
    /// The snooze: `until` when it ends (0: not snoozed), `at` when it was set or cleared
    /// (the latest wins a merge).
    pub snoozed: Snooze,
    /// The start of the idle period `checklist_stalled` was announced for (the latest wins).
    pub stalled_for: Option<u64>,
    /// When `goal_at_risk` happened.
    pub at_risk_at: Option<u64>,
}

/// A snooze: until when, set when (the latest setting wins a merge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Snooze {
    /// When it ends, epoch ms; 0 when not snoozed.
    pub until: u64,
    /// When it was set or cleared.
    pub at: u64,
}

/// Why a stored snapshot could not be used as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not a snapshot at all (not JSON, not an object, no usable version).
    Corrupt(String),
    /// Written by a newer firstvalue; must not be overwritten.
    Newer(u64),
}

fn time(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) if n.is_finite() && *n >= 0.0 && *n < 1e15 => Some(n.round() as u64),
        _ => None,
    }
}

fn flag(v: Option<&Value>) -> Flag {
    match v {
        Some(Value::Array(a)) if a.len() == 2 => Flag {
            on: a[0] == Value::Bool(true),
            at: time(a.get(1)).unwrap_or(0),
        },
        _ => Flag::default(),
    }
}

/// A generation: a whole number below 2^32 (a `reset()` a second for a century stays
/// below it). Larger numbers are damage, not a generation: read as one, such a value
/// would win every merge and could never be reset past (`g + 1` is no longer exact).
fn generation(v: Option<&Value>) -> Option<u64> {
    time(v).filter(|g| *g < 1 << 32)
}

fn step_fact(id: &str, fact: &Value) -> Option<StepFact> {
    let Value::Array(parts) = fact else {
        return None;
    };
    let at = time(parts.first())?;
    let status = match parts.get(1).and_then(Value::as_str)? {
        "d" => Status::Done,
        "s" => Status::Skipped,
        _ => return None,
    };
    let source = match parts.get(2).and_then(Value::as_str) {
        Some("c") => Source::Click,
        Some("e") => Source::Event,
        Some("p") => Source::Page,
        Some("t") => Source::ClickTarget,
        _ => Source::Api,
    };
    super::shape::check_id(id).ok()?;
    Some(StepFact { status, at, source })
}

/// Done beats skipped; otherwise the earlier fact stands.
fn better(theirs: &StepFact, mine: &StepFact) -> bool {
    (theirs.status == Status::Done && mine.status == Status::Skipped)
        || (theirs.status == mine.status && theirs.at < mine.at)
}

/// What [`Progress::salvage`] read from stored text.
#[derive(Debug)]
pub struct Salvage {
    /// The progress to use; `Newer` for a newer format (keep it, write nothing);
    /// `Corrupt` when nothing in the text could be read (`problems` says why).
    pub progress: Result<Progress, DecodeError>,
    /// What was dropped or guessed, in words (empty when the text was whole). When
    /// there is any, the text held something this build could not read: keep a copy
    /// of it before writing over it.
    pub problems: Vec<String>,
}

/// The top-level fields of the stored form, but `d` (read entry by entry).
const FIELDS: [&str; 13] = [
    "v", "g", "s", "k", "cs", "fv", "gm", "cc", "dm", "mn", "sz", "sl", "ar",
];

/// The readable `"key":value` members anywhere in `text`, as one object whose `d` holds
/// every array found under an id-like key (the step-entry check sorts them out): what a
/// damaged snapshot still says. A member counts only when its value is whole: a number
/// must be followed by `,` `}` or `]` (one cut short by the end of the text does not).
/// Objects are read only under `k` (the tallies): `d` itself is read entry by entry, so
/// one bad entry costs only that entry. Linear in the text: nesting stops the value
/// parser within 64 levels.
fn scan(text: &str) -> Value {
    let b = text.as_bytes();
    let mut top: Vec<(String, Value)> = Vec::new();
    let mut steps = Vec::new();
    // Each `":` ends a key; the key starts after the last `"` within 65 bytes before it.
    let mut open = 0;
    for end in 0..b.len() {
        if b[end] != b'"' {
            continue;
        }
        if b.get(end + 1) != Some(&b':') || end - open > 65 {
            open = end + 1;
            continue;
        }
        let (Some(key), Some(rest)) = (text.get(open..end), text.get(end + 2..)) else {
            continue;
        };
        open = end + 1;
        if rest.starts_with('{') && key != "k" {
            continue;
        }
        let Some((v, n)) = super::parse::parse_prefix(rest) else {
            continue;
        };
        let cut = !matches!(rest.as_bytes().get(n), Some(b',' | b'}' | b']'));
        if cut && matches!(v, Value::Number(_)) {
            continue;
        }
        if matches!(v, Value::Array(_)) {
            steps.push((key.to_string(), v.clone()));
        }
        // The first of each field of the format (a step id can repeat a field's name: its
        // entry is an array, which the field's reader refuses).
        if FIELDS.contains(&key) && !top.iter().any(|(k, _)| k == key) {
            top.push((key.to_string(), v));
        }
    }
    top.push(("d".into(), Value::Object(steps)));
    Value::Object(top)
}

/// A snapshot's fields, before its start time is settled.
struct Partial {
    progress: Progress,
    started_at: Option<u64>,
}

impl Progress {
    /// A fresh start at `started_at`.
    pub fn new(started_at: u64) -> Progress {
        Progress {
            started_at,
            ..Progress::default()
        }
    }

    /// The stored form.
    pub fn encode(&self) -> Value {
        let steps = self
            .steps
            .iter()
            .map(|(id, f)| {
                let status = if f.status == Status::Done { "d" } else { "s" };
                let fact = vec![
                    Value::Number(f.at as f64),
                    Value::str(status),
                    Value::str(f.source.code()),
                ];
                (id.clone(), Value::Array(fact))
            })
            .collect();
        self.encode_with(Value::Object(steps))
    }

    /// The stored form as text: [`Progress::encode`]'s, with the steps written straight
    /// from the facts (a `Value` per fact made saving 9,000 finished steps cost 2.5 ms).
    pub fn to_text(&self) -> String {
        let text = self.encode_with(Value::Object(Vec::new())).to_string();
        // The steps go between the braces of `"d":{}`, which is always there (the fields
        // before it are numbers).
        let at = super::strs::find(&text, "\"d\":{}").map_or(text.len(), |i| i + 5);
        let (head, tail) = text.split_at_checked(at).unwrap_or((&text, ""));
        let mut out = String::with_capacity(text.len() + self.steps.len() * 32);
        out.push_str(head);
        for (i, (id, f)) in self.steps.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            super::json::write_str(&mut out, id);
            out.push_str(":[");
            super::strs::push_number(&mut out, f.at);
            out.push_str(if f.status == Status::Done {
                ",\"d\",\""
            } else {
                ",\"s\",\""
            });
            out.push_str(f.source.code());
            out.push_str("\"]");
        }
        out.push_str(tail);
        out
    }

    fn encode_with(&self, steps: Value) -> Value {
        let tallies = self
            .tallies
            .0
            .iter()
            .map(|(k, marks)| {
                let flat = marks
                    .iter()
                    .flat_map(|&(t, tag)| [Value::Number(t as f64), Value::Number(tag as f64)])
                    .collect();
                (k.clone(), Value::Array(flat))
            })
            .collect();
        let flag = |f: Flag| Value::Array(vec![Value::Bool(f.on), Value::Number(f.at as f64)]);
        Value::object([
            ("v", Value::Number(VERSION as f64)),
            ("g", Value::Number(self.generation as f64)),
            ("s", Value::Number(self.started_at as f64)),
            ("d", steps),
            ("k", Value::Object(tallies)),
            ("cs", Value::opt_num(self.started_event_at)),
            ("fv", Value::opt_num(self.first_value_at)),
            ("gm", Value::opt_num(self.goal_missed_at)),
            ("cc", Value::opt_num(self.completed_at)),
            ("dm", flag(self.dismissed)),
            ("mn", flag(self.minimized)),
            (
                "sz",
                Value::Array(vec![
                    Value::Number(self.snoozed.until as f64),
                    Value::Number(self.snoozed.at as f64),
                ]),
            ),
            ("sl", Value::opt_num(self.stalled_for)),
            ("ar", Value::opt_num(self.at_risk_at)),
        ])
    }

    /// Reads a stored snapshot of any known version (see [`migrate`]). Entries that
    /// make no sense are dropped; the rest is kept.
    pub fn decode(value: &Value) -> Result<Progress, DecodeError> {
        Progress::decode_counting(value).map(|(p, _)| p)
    }

    /// [`Progress::decode`], also counting the step entries it had to drop.
    pub fn decode_counting(value: &Value) -> Result<(Progress, usize), DecodeError> {
        let v = migrate(value)?;
        let (p, dropped) = Progress::fields(&v);
        let started_at = p
            .started_at
            .ok_or_else(|| DecodeError::Corrupt("no start time".into()))?;
        Ok((p.progress.with_start(started_at), dropped))
    }

    /// Reads stored text, keeping every fact that can still be read, however damaged
    /// the rest is: a field of the wrong type, an unreadable version, a lost start time
    /// (taken from the earliest fact, or `now`), a repeated key, text cut short, nesting
    /// too deep to parse. What could not be read or had to be guessed is listed in
    /// [`Salvage::problems`]; a caller that will overwrite the text keeps a copy then.
    ///
    /// ```
    /// use firstvalue::core::snapshot::Progress;
    /// let s = Progress::salvage(r#"{"v":2,"g":0,"s":"x","d":{"a":[5,"d","e"]"#, 9);
    /// let p = s.progress.unwrap();
    /// assert!(p.steps.contains_key("a"));
    /// assert_eq!(p.started_at, 5);
    /// assert_eq!(s.problems.len(), 2);
    /// ```
    pub fn salvage(text: &str, now: u64) -> Salvage {
        let mut problems = Vec::new();
        let scanned = || Progress::fields(&scan(text));
        let (partial, dropped) = match super::parse::parse(text) {
            Ok(v @ Value::Object(_)) => {
                match time(v.get("v")) {
                    Some(1 | VERSION) => {}
                    Some(n) if n > VERSION && n < 1 << 32 => {
                        return Salvage {
                            progress: Err(DecodeError::Newer(n)),
                            problems,
                        }
                    }
                    _ => problems.push(crate::prose_string(prose!(
                        "its format version is unreadable"
                    ))),
                }
                if v.get("g").is_some() && generation(v.get("g")).is_none() {
                    problems.push(crate::prose_string(prose!(
                        "its generation is unreadable (read as 0)"
                    )));
                }
                let (mut partial, dropped) = Progress::fields(&v);
                // Step entries the parsed structure did not hold (under a repeated
                // key, or outside `d`), merged by the usual rule.
                if partial
                    .progress
                    .steps
                    .union(&scanned().0.progress.steps, better)
                {
                    problems.push(crate::prose_string(prose!(
                        "step entries outside its step list were kept"
                    )));
                }
                (partial, dropped)
            }
            whole => {
                problems.push(crate::prose_string(prose!(match whole {
                    Ok(v) => format!("it is damaged ({})", v.kind()),
                    Err(e) => format!("it is damaged ({e})"),
                })));
                // What the scan found stands in for the parsed fields.
                scanned()
            }
        };
        let p = partial.progress;
        if dropped > 0 {
            problems.push(crate::prose_string(prose!(format!(
                "{dropped} unreadable step entries were dropped"
            ))));
        }
        let started_at = match (partial.started_at, p.earliest()) {
            (Some(t), _) => t,
            (None, Some(t)) => {
                problems.push(crate::prose_string(prose!(
                    "its start time is unreadable: the earliest fact stands in"
                )));
                t
            }
            (None, None) if !problems.is_empty() && p.steps.is_empty() => {
                return Salvage {
                    progress: Err(DecodeError::Corrupt(String::new())),
                    problems,
                };
            }
            (None, None) => {
                problems.push(crate::prose_string(prose!(
                    "its start time is unreadable: the clock starts now"
                )));
                now
            }
        };
        Salvage {
            progress: Ok(p.with_start(started_at)),
            problems,
        }
    }

    fn with_start(self, started_at: u64) -> Progress {
        Progress { started_at, ..self }
    }

    /// Reads every field of a snapshot object that makes sense; `started_at` is that of
    /// the result only when `s` was readable (see the `Option` returned beside it).
    fn fields(v: &Value) -> (Partial, usize) {
        let mut steps = Vec::new();
        let mut dropped = 0;
        if let Some(Value::Object(members)) = v.get("d") {
            for (id, fact) in members {
                match step_fact(id, fact) {
                    Some(f) => steps.push((id.clone(), f)),
                    None => dropped += 1,
                }
            }
        }
        let mut tallies = Tallies::default();
        if let Some(Value::Object(members)) = v.get("k") {
            for (key, marks) in members {
                let Value::Array(flat) = marks else { continue };
                // A tally never holds more than 4 x the largest count (see `rule::prune`).
                let most = 8 * super::limits::MAX_COUNT as usize;
                for pair in flat[..flat.len().min(most)].chunks_exact(2) {
                    let tag = time(pair.get(1)).and_then(|t| u32::try_from(t).ok());
                    if let (Some(t), Some(tag)) = (time(pair.first()), tag) {
                        tallies.add(key, (t, tag));
                    }
                }
            }
        }
        let progress = Progress {
            generation: generation(v.get("g")).unwrap_or(0),
            started_at: 0,
            steps: Facts::from_entries(steps),
            started_event_at: time(v.get("cs")),
            first_value_at: time(v.get("fv")),
            goal_missed_at: time(v.get("gm")),
            completed_at: time(v.get("cc")),
            dismissed: flag(v.get("dm")),
            minimized: flag(v.get("mn")),
            tallies,
            snoozed: match v.get("sz") {
                Some(Value::Array(a)) => Snooze {
                    until: time(a.first()).unwrap_or(0),
                    at: time(a.get(1)).unwrap_or(0),
                },
                _ => Snooze::default(),
            },
            stalled_for: time(v.get("sl")),
            at_risk_at: time(v.get("ar")),
        };
        (
            Partial {
                progress,
                started_at: time(v.get("s")),
            },
            dropped,
        )
    }

    /// The earliest time any fact of this progress was recorded (a stand-in start time
    /// for a snapshot whose own was lost).
    fn earliest(&self) -> Option<u64> {
        let facts = self.steps.iter().map(|(_, f)| f.at);
        let once = [
            self.started_event_at,
            self.first_value_at,
            self.goal_missed_at,
            self.completed_at,
            self.at_risk_at,
        ];
        facts.chain(once.into_iter().flatten()).min()
    }

    /// Folds `other` (from storage or another tab) into `self`. Returns whether
    /// anything changed. See the module docs for the rules.
    pub fn merge(&mut self, other: &Progress) -> bool {
        if other.generation != self.generation {
            if other.generation > self.generation {
                *self = other.clone();
                return true;
            }
            return false;
        }
        // Each rule notes whether it changed something (no copy of the state to compare).
        let mut changed = false;
        if other.started_at < self.started_at {
            self.started_at = other.started_at;
            changed = true;
        }
        // Done beats skipped; otherwise the earlier fact stands.
        changed |= self.steps.union(&other.steps, better);
        changed |= self.tallies.union(&other.tallies);
        if other.snoozed.at > self.snoozed.at {
            self.snoozed = other.snoozed;
            changed = true;
        }
        if other.stalled_for > self.stalled_for {
            self.stalled_for = other.stalled_for;
            changed = true;
        }
        for (mine, theirs) in [
            (&mut self.started_event_at, other.started_event_at),
            (&mut self.first_value_at, other.first_value_at),
            (&mut self.goal_missed_at, other.goal_missed_at),
            (&mut self.completed_at, other.completed_at),
            (&mut self.at_risk_at, other.at_risk_at),
        ] {
            // The earliest time wins.
            if let Some(t) = theirs.filter(|t| mine.is_none_or(|m| *t < m)) {
                *mine = Some(t);
                changed = true;
            }
        }
        for (mine, theirs) in [
            (&mut self.dismissed, other.dismissed),
            (&mut self.minimized, other.minimized),
        ] {
            if theirs.at > mine.at {
                *mine = theirs;
                changed = true;
            }
        }
        changed
    }
}

/// Brings a stored snapshot of any known version to the current one.
///
/// Version 1 is the first format; version 2 added the tallies (`k`), so a version 1
/// snapshot reads as one with none. A later format adds an arm here that rewrites
/// the older value into the newer shape, so old progress keeps working.
/// A snapshot from a newer version is refused ([`DecodeError::Newer`]) so that
/// this build never overwrites what a newer one wrote.
pub fn migrate(value: &Value) -> Result<Value, DecodeError> {
    if !matches!(value, Value::Object(_)) {
        return Err(DecodeError::Corrupt(format!(
            "expected an object, found {}",
            value.kind()
        )));
    }
    match time(value.get("v")) {
        Some(1 | VERSION) => Ok(value.clone()),
        Some(v) if v > VERSION => Err(DecodeError::Newer(v)),
        _ => Err(DecodeError::Corrupt("unknown snapshot version".into())),
    }
}
