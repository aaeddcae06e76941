//! The validated config: what the rest of the core works with.
//!
//! Every value here has passed validation: ids are unique and well formed,
//! references resolve, `requires` has no cycle, hrefs are safe.

use super::condition::Condition;
use super::rule::Rule;
use std::fmt;

/// A step id, `[a-z0-9_-]+`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepId(pub String);

/// A segment id, `[a-z0-9_-]+`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(pub String);

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A whole checklist config.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    /// The checklist id (storage is keyed by it).
    pub id: String,
    /// The heading.
    pub title: String,
    /// Every step, in config order.
    pub steps: Vec<Step>,
    /// Segments, first match wins. Never empty.
    pub segments: Vec<Segment>,
    /// Labels the widget writes itself.
    pub text: Text,
    /// What "Remind me later" offers, in ms (one: a button; several: a menu).
    pub snooze_options: Vec<u64>,
}

impl Checklist {
    /// The index of the step `id` in [`Checklist::steps`].
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id.0 == id)
    }

    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.id.0 == id)
    }
}

/// One step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Its id.
    pub id: StepId,
    /// Its title.
    pub title: String,
    /// Optional detail.
    pub description: Option<String>,
    /// The rules that complete it (any one); empty means the user checks it off.
    pub complete_on: Vec<Rule>,
    /// An optional link or button.
    pub action: Option<Action>,
    /// Steps that must be done or skipped first.
    pub requires: Vec<StepId>,
    /// Whether the user may skip it.
    pub skippable: bool,
    /// Shown only to users whose traits pass these (`showIf`); empty: to everyone.
    pub show_if: Vec<Condition>,
    /// Done for the whole account once anyone in it does it (`"scope": "account"`).
    pub account: bool,
}

impl Step {
    /// Whether the user checks this step off by hand (it has no `completeOn`).
    pub fn is_manual(&self) -> bool {
        self.complete_on.is_empty()
    }
}

/// A step's action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Button or link text.
    pub label: String,
    /// What it does.
    pub target: ActionTarget,
}

/// What an action does.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionTarget {
    /// A link to a safe URL.
    Href(String),
    /// A button that reports this name in `action_clicked`.
    Event(String),
}

/// A customer segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Its id.
    pub id: SegmentId,
    /// All must hold; empty matches everyone.
    pub conditions: Vec<Condition>,
    /// Indices into [`Checklist::steps`], in display order.
    pub steps: Vec<usize>,
    /// When first value is reached.
    pub first_value: FirstValueRule,
    /// The TTFV goal in milliseconds.
    pub goal_ms: Option<u64>,
    /// The nudges: re-show, stalled, at risk, and the help offer.
    pub nudges: Nudges,
}

/// A segment's interventions (all optional).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Nudges {
    /// A dismissed checklist comes back after this long, while first value is not reached.
    pub reshow_ms: Option<u64>,
    /// No step completed for this long while first value is not reached: stalled.
    pub stalled_ms: Option<u64>,
    /// This long after the clock started, without first value: the goal is at risk.
    pub at_risk_ms: Option<u64>,
    /// Offered in the panel when the checklist is stalled, at risk or late.
    pub help: Option<Help>,
    /// When the help offer shows: stalled, at risk, goal missed.
    pub help_on: [bool; 3],
}

/// The help offer: a title, an optional description and an optional action.
#[derive(Debug, Clone, PartialEq)]
pub struct Help {
    /// Its heading.
    pub title: String,
    /// More detail.
    pub description: Option<String>,
    /// A link or a button reporting `action_clicked` with `help: true`.
    pub action: Option<Action>,
}

/// When a user of a segment reaches first value.
#[derive(Debug, Clone, PartialEq)]
pub enum FirstValueRule {
    /// When all these steps (indices into [`Checklist::steps`]) are done.
    Steps(Vec<usize>),
    /// When this rule holds (an event, counted or filtered, a page, a click, a group).
    Rule(Rule),
    /// When every non-skippable step of the segment is done.
    AllRequired,
}

/// Labels the widget writes itself, with English defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// `{done} of {total} done`.
    pub progress: String,
    /// The minimized launcher.
    pub launcher: String,
    /// Minimize button.
    pub minimize: String,
    /// Dismiss button.
    pub dismiss: String,
    /// Skip button.
    pub skip: String,
    /// Before the names a locked step waits for.
    pub requires: String,
    /// Badge of a skipped step.
    pub skipped: String,
    /// Announced before a completed step's title.
    pub step_done: String,
    /// Announced at first value.
    pub first_value: String,
    /// Shown when every step is done.
    pub completed: String,
    /// The snooze control.
    pub snooze: String,
}

impl Default for Text {
    fn default() -> Text {
        Text {
            progress: "{done} of {total} done".into(),
            launcher: "Get started · {remaining} left".into(),
            minimize: "Minimize checklist".into(),
            dismiss: "Dismiss checklist".into(),
            skip: "Skip".into(),
            requires: "Requires:".into(),
            skipped: "Skipped".into(),
            step_done: "Completed:".into(),
            first_value: "You reached first value!".into(),
            completed: "All done — you are set up.".into(),
            snooze: "Remind me later".into(),
        }
    }
}

impl Text {
    /// `template` with `{done}`, `{total}` and `{remaining}` filled in.
    ///
    /// ```
    /// use firstvalue::core::model::Text;
    /// assert_eq!(Text::fill("{done} of {total} done", 2, 5), "2 of 5 done");
    /// assert_eq!(Text::fill("{remaining} left", 2, 5), "3 left");
    /// ```
    pub fn fill(template: &str, done: usize, total: usize) -> String {
        super::strs::expand(template, |name| {
            let n = match name {
                "done" => done,
                "total" => total,
                "remaining" => total.saturating_sub(done),
                _ => return None,
            };
            Some(super::strs::number(n as u64))
        })
    }
}
