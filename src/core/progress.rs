//! The progress state machine: inputs in, effects out.
//!
//! [`Engine::apply`] takes one [`Input`] and the current time and returns the
//! [`Effect`]s for the web layer to carry out (render, persist, notify). It owns
//! every rule: `requires` locking, `completeOn` matching, skipping, first value,
//! TTFV against the goal, `goal_missed`, `checklist_completed`, and that the
//! once-only events happen once per user, ever (merging another tab's snapshot
//! never fires them again). It never reads a clock.

use super::index::Index;
use super::model::{Checklist, FirstValueRule, Segment};
use super::notice::Notice;
use super::snapshot::{Flag, Progress, Source, Status, StepFact};

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The checklist was mounted (shown for the first time in this page).
    Mount,
    /// The host tracked an event.
    Track(String),
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
    /// Time passed (a timer): check the goal.
    Tick,
    /// Stored state arrived (a load that finished, or another tab's write).
    Merge(Progress),
}

/// What the web layer must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Redraw the view.
    Render,
    /// Save the snapshot.
    Persist,
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
}

impl StepStatus {
    /// `open`, `locked`, `done`, `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Open => "open",
            StepStatus::Locked => "locked",
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
        }
    }
}

/// One user's checklist: config, segment, progress and the rules between them.
#[derive(Debug, Clone)]
pub struct Engine {
    config: Checklist,
    segment: usize,
    explicit_start: Option<u64>,
    progress: Progress,
    by_event: Index,
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
    /// `startedAt`, which overrides the stored clock.
    pub fn new(
        config: Checklist,
        segment: usize,
        explicit_start: Option<u64>,
        mut progress: Progress,
    ) -> Engine {
        if let Some(t) = explicit_start {
            progress.started_at = t;
        }
        let by_event = Index::new(config.segments[segment].steps.iter().flat_map(|&i| {
            config.steps[i]
                .complete_on
                .iter()
                .map(move |name| (name.as_str(), i))
        }));
        let seg = &config.segments[segment];
        let first_value_steps = match &seg.first_value {
            FirstValueRule::Steps(steps) => steps.clone(),
            FirstValueRule::AllRequired => seg
                .steps
                .iter()
                .copied()
                .filter(|&i| !config.steps[i].skippable)
                .collect(),
            FirstValueRule::Event(_) => Vec::new(),
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
            by_event,
            first_value_steps,
            by_id,
            requires,
        }
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
        let step = &self.config.steps[i];
        match self.progress.steps.get(&step.id.0) {
            Some(f) if f.status == Status::Done => StepStatus::Done,
            Some(_) => StepStatus::Skipped,
            None if step
                .requires
                .iter()
                .all(|r| self.progress.steps.contains_key(&r.0)) =>
            {
                StepStatus::Open
            }
            None => StepStatus::Locked,
        }
    }

    /// Whether each step (by position) is finished, and how: one walk over the steps in
    /// id order beside the finished steps, which are kept in id order too.
    pub fn finished(&self) -> Vec<Option<Status>> {
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
                        out[i] = Some(f.status);
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        out
    }

    /// The status of every step, by position: [`Engine::status`] for all of them in
    /// linear time (the view asks after every input).
    pub fn statuses(&self) -> Vec<StepStatus> {
        let finished = self.finished();
        finished
            .iter()
            .zip(&self.requires)
            .map(|(f, requires)| match f {
                Some(Status::Done) => StepStatus::Done,
                Some(_) => StepStatus::Skipped,
                None if requires.iter().all(|&r| finished[r].is_some()) => StepStatus::Open,
                None => StepStatus::Locked,
            })
            .collect()
    }

    /// The fact recorded for step `i`, if it is finished.
    pub fn fact(&self, i: usize) -> Option<&StepFact> {
        self.progress.steps.get(&self.config.steps[i].id.0)
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
        let steps = &self.segment().steps;
        (steps.iter().filter(|&&i| finished(i)).count(), steps.len())
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
                if !self.progress.dismissed.on {
                    out.push(Effect::Notify(Notice::Shown));
                }
                first
            }
            Input::Track(name) => {
                let targets: Vec<usize> = self.by_event.all(&name).collect();
                let mut changed = false;
                for i in targets {
                    changed |= self.finish(i, Status::Done, Source::Event, now, &mut out);
                }
                if matches!(&self.segment().first_value, FirstValueRule::Event(e) if *e == name) {
                    changed |= self.reach_first_value(now, &mut out);
                }
                changed
            }
            Input::Check(i) => {
                let ok = self.config.steps[i].is_manual() && self.status(i) == StepStatus::Open;
                ok && self.finish(i, Status::Done, Source::Click, now, &mut out)
            }
            Input::Complete(i) => self.finish(i, Status::Done, Source::Api, now, &mut out),
            Input::Skip(i) => {
                let ok = self.config.steps[i].skippable && self.status(i) == StepStatus::Open;
                ok && self.finish(i, Status::Skipped, Source::Click, now, &mut out)
            }
            Input::Action(i) => {
                if let Some(action) = &self.config.steps[i].action {
                    out.push(Effect::Notify(Notice::ActionClicked {
                        step: self.config.steps[i].id.0.clone(),
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
                let hidden = self.progress.dismissed.on || self.progress.minimized.on;
                if hidden {
                    self.progress.dismissed = Flag { on: false, at: now };
                    self.progress.minimized = Flag { on: false, at: now };
                    out.push(Effect::Notify(Notice::Shown));
                }
                hidden
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
                self.progress.merge(&other)
            }
        };
        let derived = self.derive(now, &mut out);
        if changed || derived {
            out.insert(0, Effect::Render);
            out.push(Effect::Persist);
        }
        out
    }

    /// Marks step `i` finished if it is not yet; emits its event.
    fn finish(
        &mut self,
        i: usize,
        status: Status,
        source: Source,
        now: u64,
        out: &mut Vec<Effect>,
    ) -> bool {
        let id = self.config.steps[i].id.0.clone();
        // Done beats skipped (as in the merge rule): a skipped step can still be done.
        match self.progress.steps.get(&id).map(|f| f.status) {
            Some(Status::Skipped) if status == Status::Done => {}
            Some(_) => return false,
            None => {}
        }
        self.progress.steps.insert(
            id.clone(),
            StepFact {
                status,
                at: now,
                source,
            },
        );
        out.push(Effect::Notify(match status {
            Status::Done => Notice::StepCompleted {
                step: id,
                source,
                elapsed_ms: now.saturating_sub(self.progress.started_at),
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
            let reached =
                self.first_value_steps
                    .iter()
                    .try_fold(0u64, |latest, &i| match self.fact(i) {
                        Some(f) if f.status == Status::Done => Some(latest.max(f.at)),
                        _ => None,
                    });
            if let Some(at) = reached {
                let start = self.progress.started_at;
                changed |= self.reach_first_value(at.clamp(start, now.max(start)), out);
            }
        }
        let (done, total) = self.counts();
        if self.progress.completed_at.is_none() && done == total && total > 0 {
            let at = self
                .segment()
                .steps
                .iter()
                .filter_map(|&i| self.fact(i))
                .map(|f| f.at)
                .max()
                .unwrap_or(now);
            self.progress.completed_at = Some(at);
            out.push(Effect::Notify(Notice::Completed {
                duration_ms: at.saturating_sub(self.progress.started_at),
            }));
            changed = true;
        }
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
