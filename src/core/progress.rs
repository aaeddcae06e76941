//! The progress state machine: inputs in, effects out.
//!
//! [`Engine::apply`] takes one [`Input`] and the current time and returns the
//! [`Effect`]s for the web layer to carry out (render, persist, notify). It owns
//! every rule: `requires` locking, `completeOn` matching, skipping, first value,
//! TTFV against the goal, `goal_missed`, `checklist_completed`, and that the
//! once-only events happen once per user, ever (merging another tab's snapshot
//! never fires them again). It never reads a clock.

use super::index::Index;
use super::json::Value;
use super::model::{Checklist, FirstValueRule, Segment};
use super::notice::Notice;
use super::rule::{Happening, Mark};
use super::snapshot::{Flag, Progress, Snooze, Source, Status, StepFact};

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The checklist was mounted (shown for the first time in this page).
    Mount,
    /// The host tracked an event (no properties).
    Track(String),
    /// The host tracked an event with properties (an object).
    TrackWith(String, Value),
    /// The user is on this page (a path or URL): at mount, after a navigation, or
    /// `checklist.page(path)`.
    Page(String),
    /// The user clicked an element of the host page matching this `click` selector.
    Click(String),
    /// The user checked off a manual step (index into the config's steps).
    Check(usize),
    /// The host called `complete(step)`.
    Complete(usize),
    /// The user or host skipped a step.
    Skip(usize),
    /// The user clicked a step's action.
    Action(usize),
    /// The host called `reset()`.
    Reset,
    /// Dismissed.
    Dismiss,
    /// Opened (from minimized or dismissed).
    Open,
    /// Minimized to the launcher.
    Minimize,
    /// Snoozed for this many ms ("Remind me later", `snooze()`).
    Snooze(u64),
    /// The user clicked the help offer's action.
    HelpAction,
    /// Time passed (a timer): check the goal.
    Tick,
    /// Stored state arrived (a load that finished, or another tab's write).
    Merge(Progress),
    /// The account's stored state arrived (`"scope": "account"` steps).
    MergeAccount(Progress),
}

/// What the web layer must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Redraw the view.
    Render,
    /// Save the snapshot.
    Persist,
    /// Save the account's snapshot.
    PersistAccount,
    /// Tell the host.
    Notify(Notice),
}

/// A step's status as shown and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Can be done now.
    Open,
    /// Waits for `requires`.
    Locked,
    /// Done.
    Done,
    /// Skipped.
    Skipped,
    /// Not for this user (`showIf` does not hold): not shown, not counted.
    Hidden,
}

impl StepStatus {
    /// `open`, `locked`, `done`, `skipped`, `hidden`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Open => "open",
            StepStatus::Locked => "locked",
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
            StepStatus::Hidden => "hidden",
        }
    }
}

/// [`Engine::facts`] and the stamps (the user's facts, the account's) it was worked out from.
type FactsCache = (Option<(u32, u32)>, std::rc::Rc<Vec<Option<StepFact>>>);

/// One user's checklist: config, segment, progress and the rules between them.
#[derive(Debug, Clone)]
pub struct Engine {
    config: Checklist,
    segment: usize,
    explicit_start: Option<u64>,
    progress: Progress,
    /// The account's progress (`"scope": "account"` steps), when the host gave an account.
    account: Option<Progress>,
    /// Whether the account's progress changed and must be saved.
    account_dirty: bool,
    /// [`Engine::facts`], with the stamps of the facts it was worked out from.
    facts_cache: std::cell::RefCell<FactsCache>,
    /// Event names to the shown steps with a rule on them.
    by_event: Index,
    /// The shown steps with a `page` rule, and those with a `click` rule.
    page_steps: Vec<usize>,
    click_steps: Vec<usize>,
    /// Every `click` selector of the shown steps and the first value rule.
    clicks: Vec<String>,
    /// Whether a `page` rule is in play.
    pages: bool,
    /// The segment's steps that this user is shown (`showIf` holds), in order.
    visible: Vec<usize>,
    /// By position: not shown to this user.
    hidden: Vec<bool>,
    /// By position: kept in the account's progress.
    shared: Vec<bool>,
    /// The last occurrence tag handed out (see [`super::rule`]).
    tag: u32,
    /// Tally keys to their leaves in `leaf_info`.
    by_leaf: Index,
    /// Each leaf of a shown step's rules and of the first value rule: (step, or
    /// `usize::MAX` for first value; count; window).
    leaf_info: Vec<(usize, u64, Option<u64>)>,
    /// The steps whose completion is first value (empty for an event rule): fixed by
    /// the config, so worked out once.
    first_value_steps: Vec<usize>,
    /// Step positions in id order, to walk beside the (id-sorted) finished steps.
    by_id: Vec<usize>,
    /// Each step's `requires`, as positions.
    requires: Vec<Vec<usize>>,
}

impl Engine {
    /// A user's checklist in segment `segment` (an index into the config's segments),
    /// starting from `progress` (fresh or loaded). `explicit_start` is the host's
    /// `startedAt`, which overrides the stored clock. No traits (every `showIf` is
    /// checked against none) and no account; see [`Engine::for_user`].
    pub fn new(
        config: Checklist,
        segment: usize,
        explicit_start: Option<u64>,
        progress: Progress,
    ) -> Engine {
        Engine::for_user(
            config,
            segment,
            explicit_start,
            progress,
            &Value::Null,
            None,
        )
    }

    /// [`Engine::new`] for a user with these traits (`showIf` reads them; account traits
    /// as `account.<trait>`, see [`super::segment::with_account`]) and, when the host
    /// gave an account, the account's progress (fresh or loaded).
    pub fn for_user(
        config: Checklist,
        segment: usize,
        explicit_start: Option<u64>,
        mut progress: Progress,
        traits: &Value,
        account: Option<Progress>,
    ) -> Engine {
        if let Some(t) = explicit_start {
            progress.started_at = t;
        }
        let seg = &config.segments[segment];
        let mut hidden = vec![false; config.steps.len()];
        let mut shared = vec![false; config.steps.len()];
        let mut visible = Vec::with_capacity(seg.steps.len());
        for &i in &seg.steps {
            let step = &config.steps[i];
            if super::segment::all_hold(&step.show_if, traits) {
                visible.push(i);
            } else {
                hidden[i] = true;
            }
            shared[i] = step.account && account.is_some();
        }
        let mut events: Vec<(&str, usize)> = Vec::new();
        let (mut page_steps, mut click_steps, mut clicks) = (Vec::new(), Vec::new(), Vec::new());
        let mut pages = false;
        // Each shown step's rules, then the first value rule (`usize::MAX`: no step).
        let fv = match &seg.first_value {
            FirstValueRule::Rule(rule) => Some((usize::MAX, rule)),
            _ => None,
        };
        let rules = visible
            .iter()
            .flat_map(|&i| config.steps[i].complete_on.iter().map(move |r| (i, r)))
            .chain(fv);
        let mut leaf_keys: Vec<(&str, usize)> = Vec::new();
        let mut leaf_info = Vec::new();
        for (i, rule) in rules {
            rule.leaves(&mut |key, count, within| {
                leaf_keys.push((key, leaf_info.len()));
                leaf_info.push((i, count, within));
            });
            rule.events(&mut |name| {
                if i != usize::MAX {
                    events.push((name, i))
                }
            });
            rule.targets(&mut |click, what| {
                let steps = if click {
                    if !clicks.iter().any(|c| c == what) {
                        clicks.push(what.to_string());
                    }
                    &mut click_steps
                } else {
                    pages = true;
                    &mut page_steps
                };
                if i != usize::MAX && steps.last() != Some(&i) {
                    steps.push(i);
                }
            });
        }
        let by_event = Index::new(events);
        let by_leaf = Index::new(leaf_keys);
        let first_value_steps = match &seg.first_value {
            FirstValueRule::Steps(steps) => steps.iter().copied().filter(|&i| !hidden[i]).collect(),
            FirstValueRule::AllRequired => visible
                .iter()
                .copied()
                .filter(|&i| !config.steps[i].skippable)
                .collect(),
            FirstValueRule::Rule(_) => Vec::new(),
        };
        let ids = Index::new(
            config
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.0.as_str(), i)),
        );
        let by_id = ids.positions().collect();
        let requires = config
            .steps
            .iter()
            .map(|s| s.requires.iter().filter_map(|r| ids.first(&r.0)).collect())
            .collect();
        Engine {
            config,
            segment,
            explicit_start,
            progress,
            account,
            account_dirty: false,
            facts_cache: Default::default(),
            by_event,
            page_steps,
            click_steps,
            clicks,
            pages,
            visible,
            hidden,
            shared,
            tag: 0,
            by_leaf,
            leaf_info,
            first_value_steps,
            by_id,
            requires,
        }
    }

    /// Sets where occurrence tags start: a random number per page load, so that two
    /// tabs never tag two occurrences alike (see [`super::rule`]).
    pub fn set_tag(&mut self, tag: u32) {
        self.tag = tag;
    }

    /// The account's progress, if the host gave an account.
    pub fn account(&self) -> Option<&Progress> {
        self.account.as_ref()
    }

    /// The segment's steps this user is shown, in display order.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// Every `click` selector in play (for the web layer's delegated listener).
    pub fn clicks(&self) -> &[String] {
        &self.clicks
    }

    /// Whether a `page` rule is in play (the web layer then watches navigation).
    pub fn watches_pages(&self) -> bool {
        self.pages
    }

    /// Whether the config has a step `id` (a binary search of the ids).
    pub fn knows(&self, id: &str) -> bool {
        (self.by_id)
            .binary_search_by(|&i| self.config.steps[i].id.0.as_str().cmp(id))
            .is_ok()
    }

    /// The config.
    pub fn config(&self) -> &Checklist {
        &self.config
    }

    /// The user's segment.
    pub fn segment(&self) -> &Segment {
        &self.config.segments[self.segment]
    }

    /// The remembered progress (what gets persisted).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The index of step `id` if it is in this user's segment.
    pub fn step(&self, id: &str) -> Option<usize> {
        self.config
            .step_index(id)
            .filter(|i| self.segment().steps.contains(i))
    }

    /// The steps step `i` requires, as positions.
    pub fn requires(&self, i: usize) -> &[usize] {
        self.requires.get(i).map_or(&[], Vec::as_slice)
    }

    /// The status of step `i`.
    pub fn status(&self, i: usize) -> StepStatus {
        if self.hidden[i] {
            return StepStatus::Hidden;
        }
        match self.fact(i).map(|f| f.status) {
            Some(Status::Done) => StepStatus::Done,
            Some(_) => StepStatus::Skipped,
            None if self
                .requires(i)
                .iter()
                .all(|&r| self.hidden[r] || self.fact(r).is_some()) =>
            {
                StepStatus::Open
            }
            None => StepStatus::Locked,
        }
    }

    /// The fact of every step, by position: [`Engine::fact`] for all of them, worked out
    /// (one walk of the sorted ids beside the sorted facts) only when the facts changed.
    /// With 10,000 steps a walk costs ~0.5 ms, and every input asked for several.
    /// (Shared, not borrowed: no borrow of the cache outlives this call, so a host
    /// exception thrown through a caller can never leave it borrowed.)
    pub fn facts(&self) -> std::rc::Rc<Vec<Option<StepFact>>> {
        let key = (
            self.progress.steps.stamp(),
            self.account.as_ref().map_or(0, |a| a.steps.stamp()),
        );
        if let Ok(cache) = self.facts_cache.try_borrow() {
            if cache.0 == Some(key) {
                return cache.1.clone();
            }
        }
        let fresh = std::rc::Rc::new(self.walk_facts());
        if let Ok(mut cache) = self.facts_cache.try_borrow_mut() {
            *cache = (Some(key), fresh.clone());
        }
        fresh
    }

    fn walk_facts(&self) -> Vec<Option<StepFact>> {
        let mut out = vec![None; self.config.steps.len()];
        let mut facts = self.progress.steps.iter().peekable();
        for &i in &self.by_id {
            let id = self.config.steps[i].id.0.as_str();
            while let Some((k, f)) = facts.peek() {
                match k.as_str().cmp(id) {
                    std::cmp::Ordering::Less => {
                        facts.next();
                    }
                    std::cmp::Ordering::Equal => {
                        out[i] = Some(**f);
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        if let Some(account) = &self.account {
            for (i, o) in out.iter_mut().enumerate() {
                if self.shared[i] && o.is_none_or(|f| f.status != Status::Done) {
                    if let Some(f) = account.steps.get(&self.config.steps[i].id.0) {
                        *o = Some(*f);
                    }
                }
            }
        }
        out
    }

    /// Whether each step is finished (done or skipped), and how, by position.
    pub fn finished(&self) -> Vec<Option<Status>> {
        self.facts().iter().map(|f| f.map(|f| f.status)).collect()
    }

    /// The status of every step, by position: [`Engine::status`] for all of them in
    /// linear time (the view asks after every input).
    pub fn statuses(&self) -> Vec<StepStatus> {
        let finished = self.finished();
        finished
            .iter()
            .zip(&self.requires)
            .zip(&self.hidden)
            .map(|((f, requires), hidden)| match f {
                _ if *hidden => StepStatus::Hidden,
                Some(Status::Done) => StepStatus::Done,
                Some(_) => StepStatus::Skipped,
                None if requires
                    .iter()
                    .all(|&r| finished[r].is_some() || self.hidden[r]) =>
                {
                    StepStatus::Open
                }
                None => StepStatus::Locked,
            })
            .collect()
    }

    /// The fact recorded for step `i`, if it is finished (for an account step, the
    /// account's fact unless this user's own says done).
    pub fn fact(&self, i: usize) -> Option<&StepFact> {
        let id = &self.config.steps[i].id.0;
        let mine = self.progress.steps.get(id);
        let theirs = self.account.as_ref().filter(|_| self.shared[i]);
        match (mine, theirs.and_then(|a| a.steps.get(id))) {
            (Some(m), _) if m.status == Status::Done => Some(m),
            (m, None) => m,
            (_, t) => t,
        }
    }

    /// Finished (done or skipped) and total steps of the segment.
    pub fn counts(&self) -> (usize, usize) {
        let finished = self.finished();
        self.tally(|i| finished[i].is_some())
    }

    /// [`Engine::counts`] from statuses already worked out ([`Engine::statuses`]).
    pub fn counts_of(&self, statuses: &[StepStatus]) -> (usize, usize) {
        self.tally(|i| matches!(statuses[i], StepStatus::Done | StepStatus::Skipped))
    }

    fn tally(&self, finished: impl Fn(usize) -> bool) -> (usize, usize) {
        let steps = &self.visible;
        (steps.iter().filter(|&&i| finished(i)).count(), steps.len())
    }

    /// Whether the user put the checklist away: dismissed, or snoozed.
    pub fn hidden_by_user(&self) -> bool {
        self.progress.dismissed.on || self.snoozed()
    }

    /// Whether it is snoozed now (until the snooze ends, by timer or at the next input).
    pub fn snoozed(&self) -> bool {
        self.progress.snoozed.until != 0
    }

    /// The start of the current idle period: the latest completion among the shown
    /// steps, or the start of the clock.
    pub fn idle_since(&self) -> u64 {
        let facts = self.facts();
        self.visible
            .iter()
            .filter_map(|&i| facts[i].as_ref())
            .filter(|f| f.status == Status::Done)
            .map(|f| f.at)
            .fold(self.progress.started_at, u64::max)
    }

    /// Whether the help offer shows now: configured, first value not reached, and the
    /// checklist stalled (this idle period), at risk or late, as `showHelpOn` allows.
    pub fn help_shown(&self) -> bool {
        let n = &self.segment().nudges;
        let p = &self.progress;
        if n.help.is_none() || p.first_value_at.is_some() {
            return false;
        }
        let stalled = n.stalled_ms.is_some() && p.stalled_for == Some(self.idle_since());
        (n.help_on[0] && stalled)
            || (n.help_on[1] && p.at_risk_at.is_some())
            || (n.help_on[2] && p.goal_missed_at.is_some())
    }

    /// When something may happen next without an input (the goal, at risk, stalled, the
    /// end of a snooze, a re-show): the web layer sets one timer for it.
    pub fn next_wake(&self) -> Option<u64> {
        let p = &self.progress;
        let n = &self.segment().nudges;
        let open = p.first_value_at.is_none();
        let at_risk = n
            .at_risk_ms
            .filter(|_| open && p.at_risk_at.is_none())
            .map(|ms| p.started_at.saturating_add(ms));
        let stalled = n.stalled_ms.filter(|_| open).and_then(|ms| {
            let since = self.idle_since();
            (p.stalled_for < Some(since)).then_some(since.saturating_add(ms))
        });
        let snooze = self.snoozed().then_some(p.snoozed.until);
        let reshow = n
            .reshow_ms
            .filter(|_| open && p.dismissed.on)
            .map(|ms| p.dismissed.at.saturating_add(ms));
        [self.goal_deadline(), at_risk, stalled, snooze, reshow]
            .into_iter()
            .flatten()
            .min()
    }

    fn open_steps(&self) -> u64 {
        let (done, total) = self.counts();
        (total - done) as u64
    }

    /// The nudges due at `now`: the end of a snooze, a re-show, stalled, at risk.
    fn nudge(&mut self, now: u64, out: &mut Vec<Effect>) -> bool {
        let mut changed = false;
        let n = &self.segment().nudges;
        let (reshow_ms, stalled_ms, at_risk_ms) = (n.reshow_ms, n.stalled_ms, n.at_risk_ms);
        let sz = self.progress.snoozed;
        if sz.until != 0 && now >= sz.until {
            self.progress.snoozed = Snooze {
                until: 0,
                at: now.max(sz.at),
            };
            if !self.progress.dismissed.on {
                out.push(Effect::Notify(Notice::Shown));
            }
            changed = true;
        }
        let open = self.progress.first_value_at.is_none();
        let d = self.progress.dismissed;
        if let Some(ms) = reshow_ms.filter(|_| open && d.on) {
            if now >= d.at.saturating_add(ms) {
                self.progress.dismissed = Flag { on: false, at: now };
                out.push(Effect::Notify(Notice::Reshown { dismissed_at: d.at }));
                changed = true;
            }
        }
        if let Some(ms) = stalled_ms.filter(|_| open) {
            let since = self.idle_since();
            if now >= since.saturating_add(ms) && self.progress.stalled_for < Some(since) {
                self.progress.stalled_for = Some(since);
                out.push(Effect::Notify(Notice::Stalled {
                    idle_ms: now - since,
                    open_steps: self.open_steps(),
                    since,
                }));
                changed = true;
            }
        }
        let start = self.progress.started_at;
        if let (Some(ms), Some(goal_ms)) = (at_risk_ms, self.segment().goal_ms) {
            if open && self.progress.at_risk_at.is_none() && now >= start.saturating_add(ms) {
                self.progress.at_risk_at = Some(now);
                out.push(Effect::Notify(Notice::AtRisk {
                    goal_ms,
                    elapsed_ms: now.saturating_sub(start),
                    open_steps: self.open_steps(),
                }));
                changed = true;
            }
        }
        changed
    }

    /// When the goal runs out, if there is a goal and it has not been decided yet.
    pub fn goal_deadline(&self) -> Option<u64> {
        let goal = self.segment().goal_ms?;
        (self.progress.first_value_at.is_none() && self.progress.goal_missed_at.is_none())
            .then_some(self.progress.started_at.saturating_add(goal))
    }

    /// Applies one input at time `now` (epoch ms) and returns what to do.
    ///
    /// ```
    /// use firstvalue::core::{parse_config_json, progress::{Engine, Input, Effect}, snapshot::Progress, Notice};
    /// let (config, _) = parse_config_json(r#"{"version":1,"id":"c","title":"T",
    ///   "steps":[{"id":"a","title":"A","completeOn":["did_a"]}]}"#).unwrap();
    /// let mut engine = Engine::new(config, 0, None, Progress::new(1_000));
    /// let effects = engine.apply(Input::Track("did_a".into()), 61_000);
    /// assert!(effects.iter().any(|e| matches!(e,
    ///     Effect::Notify(Notice::FirstValue { ttfv_ms: 60_000, .. }))));
    /// ```
    pub fn apply(&mut self, input: Input, now: u64) -> Vec<Effect> {
        let mut out = Vec::new();
        let changed = match input {
            Input::Mount => {
                let first = self.progress.started_event_at.is_none();
                if first {
                    self.progress.started_event_at = Some(now);
                    out.push(Effect::Notify(Notice::Started {
                        started_at: self.progress.started_at,
                    }));
                }
                if !self.hidden_by_user() {
                    out.push(Effect::Notify(Notice::Shown));
                }
                first
            }
            Input::Track(name) => self.happen(Happening::Event(&name, &Value::Null), now, &mut out),
            Input::TrackWith(name, props) => {
                self.happen(Happening::Event(&name, &props), now, &mut out)
            }
            Input::Page(page) => self.happen(Happening::Page(&page), now, &mut out),
            Input::Click(sel) => self.happen(Happening::Click(&sel), now, &mut out),
            Input::Check(i) => {
                let ok = self.config.steps[i].is_manual() && self.status(i) == StepStatus::Open;
                ok && self.finish(i, Status::Done, Source::Click, now, None, &mut out)
            }
            Input::Complete(i) => {
                !self.hidden[i] && self.finish(i, Status::Done, Source::Api, now, None, &mut out)
            }
            Input::Skip(i) => {
                let ok = self.config.steps[i].skippable && self.status(i) == StepStatus::Open;
                ok && self.finish(i, Status::Skipped, Source::Click, now, None, &mut out)
            }
            Input::Action(i) => {
                if let Some(action) = &self.config.steps[i].action {
                    out.push(Effect::Notify(Notice::ActionClicked {
                        step: Some(self.config.steps[i].id.0.clone()),
                        target: action.target.clone(),
                    }));
                }
                false
            }
            Input::Reset => {
                let mut fresh = Progress::new(self.explicit_start.unwrap_or(now));
                fresh.generation = self.progress.generation + 1;
                fresh.started_event_at = Some(now);
                self.progress = fresh;
                out.push(Effect::Notify(Notice::Started {
                    started_at: self.progress.started_at,
                }));
                true
            }
            Input::Dismiss => {
                let was = self.progress.dismissed.on;
                self.progress.dismissed = Flag { on: true, at: now };
                if !was {
                    out.push(Effect::Notify(Notice::Dismissed));
                }
                !was
            }
            Input::Open => {
                let hidden = self.hidden_by_user() || self.progress.minimized.on;
                if hidden {
                    self.progress.dismissed = Flag { on: false, at: now };
                    self.progress.minimized = Flag { on: false, at: now };
                    if self.snoozed() {
                        self.progress.snoozed = Snooze { until: 0, at: now };
                    }
                    out.push(Effect::Notify(Notice::Shown));
                }
                hidden
            }
            Input::Snooze(ms) => {
                let until = now.saturating_add(ms.max(1));
                self.progress.snoozed = Snooze { until, at: now };
                out.push(Effect::Notify(Notice::Snoozed { until }));
                true
            }
            Input::HelpAction => {
                let help = self.segment().nudges.help.as_ref();
                if let Some(action) = help.and_then(|h| h.action.as_ref()) {
                    out.push(Effect::Notify(Notice::ActionClicked {
                        step: None,
                        target: action.target.clone(),
                    }));
                }
                false
            }
            Input::Minimize => {
                let was = self.progress.minimized.on;
                self.progress.minimized = Flag { on: true, at: now };
                !was
            }
            Input::Tick => false,
            Input::Merge(other) => {
                let mut other = other;
                if let Some(t) = self.explicit_start {
                    other.started_at = t;
                }
                let merged = self.progress.merge(&other);
                if merged {
                    self.settle(now, &mut out);
                }
                merged
            }
            Input::MergeAccount(other) => {
                let Some(account) = self.account.as_mut() else {
                    return out;
                };
                // Only the steps (and their tallies) of an account are shared.
                let mut other = other;
                other.generation = account.generation;
                let merged = account.merge(&other);
                if merged {
                    self.account_dirty = false; // It came from storage: nothing new to save.
                    self.settle(now, &mut out);
                }
                merged
            }
        };
        let derived = self.derive(now, &mut out);
        let account = std::mem::take(&mut self.account_dirty);
        if changed || derived || account {
            out.insert(0, Effect::Render);
            out.push(Effect::Persist);
        }
        if account {
            out.push(Effect::PersistAccount);
        }
        out
    }

    fn next_mark(&mut self, now: u64) -> Mark {
        self.tag = self.tag.wrapping_add(1);
        (now, self.tag)
    }

    /// The tallies step `i` counts in (its account's for an account step).
    /// The progress that holds step `i`'s facts and tallies: the account's for an account
    /// step (when there is an account), else the user's.
    fn store(&self, i: usize) -> &Progress {
        match &self.account {
            Some(a) if self.shared[i] => a,
            _ => &self.progress,
        }
    }

    /// [`Engine::store`] to change; a change to the account's marks it for saving.
    fn store_mut(&mut self, i: usize) -> &mut Progress {
        match self.account.as_mut() {
            Some(a) if self.shared[i] => {
                self.account_dirty = true;
                a
            }
            _ => &mut self.progress,
        }
    }

    /// Counts `h` for every rule it matches; completes the steps (and reaches the first
    /// value) whose rule now holds.
    fn happen(&mut self, h: Happening, now: u64, out: &mut Vec<Effect>) -> bool {
        let candidates: Vec<usize> = match h {
            Happening::Event(name, _) => self.by_event.all(name).collect(),
            Happening::Page(_) => self.page_steps.clone(),
            Happening::Click(_) => self.click_steps.clone(),
        };
        let mark = self.next_mark(now);
        let mut changed = false;
        let mut keys: Vec<String> = Vec::new();
        for i in candidates {
            if self.fact(i).is_some_and(|f| f.status == Status::Done) {
                continue;
            }
            keys.clear();
            let mut plain = None;
            for (r, rule) in self.config.steps[i].complete_on.iter().enumerate() {
                let before = keys.len();
                rule.matching(h, &mut |k| keys.push(k.to_string()));
                // A bare event, page or click: done at once, nothing to count.
                if keys.len() > before && rule.is_plain() {
                    plain = Some(r);
                    break;
                }
            }
            if let Some(r) = plain {
                changed |= self.finish(i, Status::Done, h.source(), now, Some((r, false)), out);
                continue;
            }
            if keys.is_empty() {
                continue;
            }
            let tallies = &mut self.store_mut(i).tallies;
            for k in &keys {
                changed |= tallies.add(k, mark);
            }
            changed |= self.check(i, Some(h.source()), now, out);
        }
        if self.progress.first_value_at.is_none() {
            if let FirstValueRule::Rule(rule) = &self.config.segments[self.segment].first_value {
                keys.clear();
                rule.matching(h, &mut |k| keys.push(k.to_string()));
                if !keys.is_empty() {
                    for k in &keys {
                        changed |= self.progress.tallies.add(k, mark);
                    }
                    changed |= self.check_first_value(now, out);
                }
            }
        }
        if changed {
            self.gc();
        }
        changed
    }

    /// Completes step `i` if one of its rules holds. `source` is the input's kind; `None`
    /// for a merge, whose completion any tab may decide (see [`Notice::claim`]).
    fn check(&mut self, i: usize, source: Option<Source>, now: u64, out: &mut Vec<Effect>) -> bool {
        let tallies = &self.store(i).tallies;
        let held = self.config.steps[i]
            .complete_on
            .iter()
            .enumerate()
            .find_map(|(r, rule)| rule.held_at(tallies).map(|t| (r, t, rule.source())));
        let Some((r, at, kind)) = held else {
            return false;
        };
        let shared = source.is_none();
        self.finish(
            i,
            Status::Done,
            source.unwrap_or(kind),
            at.min(now),
            Some((r, shared)),
            out,
        )
    }

    fn check_first_value(&mut self, now: u64, out: &mut Vec<Effect>) -> bool {
        let FirstValueRule::Rule(rule) = &self.config.segments[self.segment].first_value else {
            return false;
        };
        match rule.held_at(&self.progress.tallies) {
            Some(at) => self.reach_first_value(at.min(now), out),
            None => false,
        }
    }

    /// After a merge: the steps (and the first value) that what other tabs counted
    /// completes.
    fn settle(&mut self, now: u64, out: &mut Vec<Effect>) -> bool {
        let mut changed = false;
        for k in 0..self.visible.len() {
            let i = self.visible[k];
            if !self.config.steps[i].is_manual()
                && self.fact(i).is_none_or(|f| f.status != Status::Done)
            {
                changed |= self.check(i, None, now, out);
            }
        }
        if self.progress.first_value_at.is_none() {
            changed |= self.check_first_value(now, out);
        }
        self.gc();
        changed
    }

    /// Drops what no rule still needs: the tallies of finished steps and of a first value
    /// reached; prunes the rest (see [`super::rule::prune`]). Looks up only the keys that
    /// have a tally (a few), through the leaf index made at mount.
    fn gc(&mut self) {
        let empty = |p: Option<&Progress>| p.is_none_or(|p| p.tallies.is_empty());
        if empty(Some(&self.progress)) && empty(self.account.as_ref()) {
            return;
        }
        for account in [false, true] {
            let Some(mut tallies) = (match (account, self.account.as_mut()) {
                (false, _) => Some(std::mem::take(&mut self.progress.tallies)),
                (true, Some(a)) => Some(std::mem::take(&mut a.tallies)),
                (true, None) => None,
            }) else {
                continue;
            };
            tallies.retain(|key, marks| {
                let live = self.by_leaf.all(key).find(|&j| {
                    let (step, _, _) = self.leaf_info[j];
                    match step {
                        usize::MAX => !account && self.progress.first_value_at.is_none(),
                        i => {
                            self.shared[i] == account
                                && self.fact(i).is_none_or(|f| f.status != Status::Done)
                        }
                    }
                });
                if let Some(j) = live {
                    let (_, count, within) = self.leaf_info[j];
                    super::rule::prune(marks, count, within);
                }
                live.is_some()
            });
            match (account, self.account.as_mut()) {
                (true, Some(a)) => a.tallies = tallies,
                _ => self.progress.tallies = tallies,
            }
        }
    }

    /// Marks step `i` finished at `at` if it is not yet; emits its event. `rule` is the
    /// `completeOn` entry that held, and whether a merge decided it.
    fn finish(
        &mut self,
        i: usize,
        status: Status,
        source: Source,
        at: u64,
        rule: Option<(usize, bool)>,
        out: &mut Vec<Effect>,
    ) -> bool {
        // Done beats skipped (as in the merge rule): a skipped step can still be done.
        match self.fact(i).map(|f| f.status) {
            Some(Status::Skipped) if status == Status::Done => {}
            Some(_) => return false,
            None => {}
        }
        let id = self.config.steps[i].id.0.clone();
        let fact = StepFact { status, at, source };
        self.store_mut(i).steps.insert(id.clone(), fact);
        out.push(Effect::Notify(match status {
            Status::Done => Notice::StepCompleted {
                step: id,
                source,
                elapsed_ms: at.saturating_sub(self.progress.started_at),
                rule: rule.map(|r| r.0),
                shared: rule.is_some_and(|r| r.1),
            },
            Status::Skipped => Notice::StepSkipped { step: id },
        }));
        true
    }

    fn reach_first_value(&mut self, at: u64, out: &mut Vec<Effect>) -> bool {
        if self.progress.first_value_at.is_some() {
            return false;
        }
        // A clock that started "later" than now (another device's clock, a skewed
        // `startedAt` in stored state) never gives a negative or incoherent TTFV:
        // first value is reached no earlier than the clock started.
        let at = at.max(self.progress.started_at);
        self.progress.first_value_at = Some(at);
        let goal_ms = self.segment().goal_ms;
        let ttfv_ms = at.saturating_sub(self.progress.started_at);
        out.push(Effect::Notify(Notice::FirstValue {
            started_at: self.progress.started_at,
            reached_at: at,
            ttfv_ms,
            goal_ms,
            within_goal: goal_ms.map(|g| ttfv_ms <= g),
        }));
        true
    }

    /// The facts that follow from the others: first value, completion, goal missed.
    fn derive(&mut self, now: u64, out: &mut Vec<Effect>) -> bool {
        let mut changed = false;
        if self.progress.first_value_at.is_none() && !self.first_value_steps.is_empty() {
            // The latest completion among the first-value steps, if they are all done.
            let reached = {
                let facts = self.facts();
                (self.first_value_steps.iter()).try_fold(0u64, |latest, &i| match facts[i] {
                    Some(f) if f.status == Status::Done => Some(latest.max(f.at)),
                    _ => None,
                })
            };
            if let Some(at) = reached {
                let start = self.progress.started_at;
                changed |= self.reach_first_value(at.clamp(start, now.max(start)), out);
            }
        }
        let (done, total) = self.counts();
        if self.progress.completed_at.is_none() && done == total && total > 0 {
            let at = {
                let facts = self.facts();
                (self.visible.iter())
                    .filter_map(|&i| facts[i].map(|f| f.at))
                    .max()
                    .unwrap_or(now)
            };
            self.progress.completed_at = Some(at);
            out.push(Effect::Notify(Notice::Completed {
                duration_ms: at.saturating_sub(self.progress.started_at),
            }));
            changed = true;
        }
        changed |= self.nudge(now, out);
        if let (Some(deadline), Some(goal_ms)) = (self.goal_deadline(), self.segment().goal_ms) {
            if now >= deadline {
                self.progress.goal_missed_at = Some(now);
                out.push(Effect::Notify(Notice::GoalMissed {
                    goal_ms,
                    elapsed_ms: now.saturating_sub(self.progress.started_at),
                }));
                changed = true;
            }
        }
        changed
    }
}
