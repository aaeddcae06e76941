//! `state()`: the plain-object report of one user's checklist.

use super::json::Value;
use super::progress::{Engine, StepStatus};
use super::snapshot::Progress;

impl Engine {
    /// The report `Checklist.state()` returns:
    /// `{ checklistId, userId, segment, startedAt, firstValueAt, ttfvMs, completedAt,
    /// dismissed, done, total, percent, steps: [{ id, status, completedAt }] }`, plus
    /// `goalMs`, `goalMissedAt` and `minimized`. Absent times are `null`.
    pub fn state(&self, user_id: &str) -> Value {
        let p = self.progress();
        let statuses = self.statuses();
        let (done, total) = self.counts_of(&statuses);
        let steps = self
            .segment()
            .steps
            .iter()
            .map(|&i| {
                let status = statuses[i];
                let completed_at = match status {
                    StepStatus::Done | StepStatus::Skipped => {
                        Value::opt_num(self.fact(i).map(|f| f.at))
                    }
                    _ => Value::Null,
                };
                Value::object([
                    ("id", Value::str(&self.config().steps[i].id.0)),
                    ("status", Value::str(status.as_str())),
                    ("completedAt", completed_at),
                ])
            })
            .collect();
        let seg = self.segment();
        report(
            &self.config().id,
            user_id,
            Some((&seg.id.0, seg.goal_ms, p)),
            (done, total),
            steps,
        )
    }
}

/// `state()` of a user whose traits match no segment: no segment, no steps, no clock.
pub fn unmatched(checklist_id: &str, user_id: &str) -> Value {
    report(checklist_id, user_id, None, (0, 0), Vec::new())
}

/// The `state()` object; `segment` is the segment id, its goal and the progress.
fn report(
    checklist_id: &str,
    user_id: &str,
    segment: Option<(&str, Option<u64>, &Progress)>,
    (done, total): (usize, usize),
    steps: Vec<Value>,
) -> Value {
    let p = segment.map(|(_, _, p)| p);
    let time = |f: fn(&Progress) -> Option<u64>| Value::opt_num(p.and_then(f));
    let flag = |f: fn(&Progress) -> bool| Value::Bool(p.is_some_and(f));
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    Value::object([
        ("checklistId", Value::str(checklist_id)),
        ("userId", Value::str(user_id)),
        (
            "segment",
            segment.map_or(Value::Null, |(id, _, _)| Value::str(id)),
        ),
        ("startedAt", time(|p| Some(p.started_at))),
        ("firstValueAt", time(|p| p.first_value_at)),
        (
            "ttfvMs",
            time(|p| p.first_value_at.map(|t| t.saturating_sub(p.started_at))),
        ),
        ("goalMs", Value::opt_num(segment.and_then(|(_, g, _)| g))),
        ("goalMissedAt", time(|p| p.goal_missed_at)),
        ("completedAt", time(|p| p.completed_at)),
        ("dismissed", flag(|p| p.dismissed.on)),
        ("minimized", flag(|p| p.minimized.on)),
        ("done", Value::Number(done as f64)),
        ("total", Value::Number(total as f64)),
        ("percent", Value::Number(percent as f64)),
        ("steps", Value::Array(steps)),
    ])
}
