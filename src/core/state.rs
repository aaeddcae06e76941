//! `state()`: the plain-object report of one user's checklist.

use super::json::Value;
use super::progress::{Engine, StepStatus};

impl Engine {
    /// The report `Checklist.state()` returns:
    /// `{ checklistId, userId, segment, startedAt, firstValueAt, ttfvMs, completedAt,
    /// dismissed, done, total, percent, steps: [{ id, status, completedAt }] }`, plus
    /// `goalMs`, `goalMissedAt` and `minimized`. Absent times are `null`.
    pub fn state(&self, user_id: &str) -> Value {
        let p = self.progress();
        let statuses = self.statuses();
        let (done, total) = self.counts_of(&statuses);
        let percent = (done * 100).checked_div(total).unwrap_or(0);
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
        Value::object([
            ("checklistId", Value::str(&self.config().id)),
            ("userId", Value::str(user_id)),
            ("segment", Value::str(&self.segment().id.0)),
            ("startedAt", Value::Number(p.started_at as f64)),
            ("firstValueAt", Value::opt_num(p.first_value_at)),
            (
                "ttfvMs",
                Value::opt_num(p.first_value_at.map(|t| t.saturating_sub(p.started_at))),
            ),
            ("goalMs", Value::opt_num(self.segment().goal_ms)),
            ("goalMissedAt", Value::opt_num(p.goal_missed_at)),
            ("completedAt", Value::opt_num(p.completed_at)),
            ("dismissed", Value::Bool(p.dismissed.on)),
            ("minimized", Value::Bool(p.minimized.on)),
            ("done", Value::Number(done as f64)),
            ("total", Value::Number(total as f64)),
            ("percent", Value::Number(percent as f64)),
            ("steps", Value::Array(steps)),
        ])
    }
}
