//! The events firstvalue reports to the host (SPEC section 3), and their payloads.

use super::json::Value;
use super::model::ActionTarget;
use super::snapshot::Source;

/// One event for the host. [`Notice::payload`] gives its plain-object form.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// `checklist_started`: the first time this user's checklist exists.
    Started {
        /// When the TTFV clock started.
        started_at: u64,
    },
    /// `checklist_shown`: each mount or open.
    Shown,
    /// `step_completed`.
    StepCompleted {
        /// The step.
        step: String,
        /// Who completed it.
        source: Source,
        /// Time since the clock started.
        elapsed_ms: u64,
        /// Which `completeOn` entry held (for `event`, `page` and `click_target`).
        rule: Option<usize>,
        /// Decided from what other tabs counted (a merge), so any of them may decide
        /// it: announced by the one that claims it, like the once-only events.
        shared: bool,
    },
    /// `step_skipped`.
    StepSkipped {
        /// The step.
        step: String,
    },
    /// `action_clicked`.
    ActionClicked {
        /// The step; `None` for the help offer's action.
        step: Option<String>,
        /// Its link or event.
        target: ActionTarget,
    },
    /// `first_value`: exactly once per user.
    FirstValue {
        /// When the clock started.
        started_at: u64,
        /// When first value was reached.
        reached_at: u64,
        /// `reached_at - started_at`.
        ttfv_ms: u64,
        /// The segment's goal.
        goal_ms: Option<u64>,
        /// Whether TTFV was within the goal (`None` without a goal).
        within_goal: Option<bool>,
    },
    /// `goal_missed`: the goal passed without first value.
    GoalMissed {
        /// The goal.
        goal_ms: u64,
        /// Time since the clock started.
        elapsed_ms: u64,
    },
    /// `checklist_completed`: every step done or skipped.
    Completed {
        /// Time from the start to the last step.
        duration_ms: u64,
    },
    /// `checklist_dismissed`.
    Dismissed,
    /// `checklist_snoozed`: hidden until `until`.
    Snoozed {
        /// When it shows again, epoch ms.
        until: u64,
    },
    /// `checklist_reshown`: a dismissed checklist came back (`reshowAfter`).
    Reshown {
        /// When it had been dismissed (names the claim: once per dismissal).
        dismissed_at: u64,
    },
    /// `checklist_stalled`: no step completed for `stalledAfter`.
    Stalled {
        /// How long since the last completion (or the start).
        idle_ms: u64,
        /// Steps not yet done or skipped.
        open_steps: u64,
        /// When the idle period began (names the claim: once per period).
        since: u64,
    },
    /// `goal_at_risk`: `atRisk` passed without first value.
    AtRisk {
        /// The goal.
        goal_ms: u64,
        /// Time since the clock started.
        elapsed_ms: u64,
        /// Steps not yet done or skipped.
        open_steps: u64,
    },
}

/// Who and where an event is about: the fields every payload carries.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The checklist id.
    pub checklist_id: &'a str,
    /// The user's segment id.
    pub segment: &'a str,
    /// The user id.
    pub user_id: &'a str,
}

fn num(n: u64) -> Value {
    Value::Number(n as f64)
}

impl Notice {
    /// The SPEC event type, for example `step_completed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Started { .. } => "checklist_started",
            Notice::Shown => "checklist_shown",
            Notice::StepCompleted { .. } => "step_completed",
            Notice::StepSkipped { .. } => "step_skipped",
            Notice::ActionClicked { .. } => "action_clicked",
            Notice::FirstValue { .. } => "first_value",
            Notice::GoalMissed { .. } => "goal_missed",
            Notice::Completed { .. } => "checklist_completed",
            Notice::Dismissed => "checklist_dismissed",
            Notice::Snoozed { .. } => "checklist_snoozed",
            Notice::Reshown { .. } => "checklist_reshown",
            Notice::Stalled { .. } => "checklist_stalled",
            Notice::AtRisk { .. } => "goal_at_risk",
        }
    }

    /// Whether this event happens at most once per user and run (`checklist_started`,
    /// `first_value`, `goal_missed`, `checklist_completed`).
    pub fn once_only(&self) -> bool {
        matches!(
            self,
            Notice::Started { .. }
                | Notice::FirstValue { .. }
                | Notice::GoalMissed { .. }
                | Notice::Completed { .. }
                | Notice::AtRisk { .. }
        )
    }

    /// The name under which checklists and tabs agree who announces this event, if any
    /// may decide it at once: the once-only events, and a step completed by a merge.
    pub fn claim(&self) -> Option<String> {
        match self {
            Notice::StepCompleted {
                step, shared: true, ..
            } => Some(format!("step_completed:{step}")),
            Notice::Reshown { dismissed_at: t } | Notice::Stalled { since: t, .. } => {
                let mut name = self.kind().to_string();
                name.push(':');
                name.push_str(&super::strs::number(*t));
                Some(name)
            }
            n if n.once_only() => Some(n.kind().to_string()),
            _ => None,
        }
    }

    /// The plain object sent to the host:
    /// `{ type, checklistId, segment, userId, at, ...fields }`.
    pub fn payload(&self, ctx: Context, at: u64) -> Value {
        let mut members = vec![
            ("type".to_string(), Value::str(self.kind())),
            ("checklistId".to_string(), Value::str(ctx.checklist_id)),
            ("segment".to_string(), Value::str(ctx.segment)),
            ("userId".to_string(), Value::str(ctx.user_id)),
            ("at".to_string(), num(at)),
        ];
        let mut add = |k: &str, v: Value| members.push((k.to_string(), v));
        match self {
            Notice::Started { started_at } => add("startedAt", num(*started_at)),
            Notice::Shown | Notice::Dismissed => {}
            Notice::StepCompleted {
                step,
                source,
                elapsed_ms,
                rule,
                ..
            } => {
                add("stepId", Value::str(step));
                add("source", Value::str(source.as_str()));
                add("elapsedMs", num(*elapsed_ms));
                if let Some(r) = rule {
                    add("rule", num(*r as u64));
                }
            }
            Notice::StepSkipped { step } => add("stepId", Value::str(step)),
            Notice::ActionClicked { step, target } => {
                add("stepId", step.as_deref().map_or(Value::Null, Value::str));
                if step.is_none() {
                    add("help", Value::Bool(true));
                }
                match target {
                    ActionTarget::Href(h) => add("href", Value::str(h)),
                    ActionTarget::Event(e) => add("event", Value::str(e)),
                }
            }
            Notice::FirstValue {
                started_at,
                reached_at,
                ttfv_ms,
                goal_ms,
                within_goal,
            } => {
                add("startedAt", num(*started_at));
                add("reachedAt", num(*reached_at));
                add("ttfvMs", num(*ttfv_ms));
                add("goalMs", Value::opt_num(*goal_ms));
                add("withinGoal", within_goal.map_or(Value::Null, Value::Bool));
            }
            Notice::GoalMissed {
                goal_ms,
                elapsed_ms,
            } => {
                add("goalMs", num(*goal_ms));
                add("elapsedMs", num(*elapsed_ms));
            }
            Notice::Completed { duration_ms } => add("durationMs", num(*duration_ms)),
            Notice::Snoozed { until } => add("until", num(*until)),
            Notice::Reshown { .. } => {}
            Notice::Stalled {
                idle_ms,
                open_steps,
                ..
            } => {
                add("idleMs", num(*idle_ms));
                add("openSteps", num(*open_steps));
            }
            Notice::AtRisk {
                goal_ms,
                elapsed_ms,
                open_steps,
            } => {
                add("goalMs", num(*goal_ms));
                add("elapsedMs", num(*elapsed_ms));
                add("openSteps", num(*open_steps));
            }
        }
        Value::Object(members)
    }
}
