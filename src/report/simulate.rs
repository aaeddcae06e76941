//! `firstvalue simulate`: realistic events for a config, reproducible for a seed. Each
//! segment gets its own pace (a log-normal TTFV around a share of its goal), users drop
//! off, skip, use several tabs (duplicate events) and arrive out of order, and the export
//! ends at a fixed moment, so some users are still on their way (censored).

use crate::core::model::{Checklist, FirstValueRule};
use crate::core::rule::Rule;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;

/// When the simulated export was taken: 2026-11-23T00:00:00Z.
pub const EXPORT_AT: u64 = 1_795_392_000_000;
/// Users start over the eight weeks before it.
const WINDOW: u64 = 56 * 86_400_000;

/// A normal variate (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// Writes `users` users' events as JSON Lines.
pub fn simulate(
    config: &Checklist,
    users: u64,
    seed: u64,
    out: &mut impl Write,
) -> std::io::Result<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut lines = 0u64;
    let mut buf: Vec<String> = Vec::new();
    // Later segments are the broad ones: weight them more.
    let weights: Vec<u64> = (1..=config.segments.len() as u64).collect();
    let total: u64 = weights.iter().sum();
    for u in 0..users {
        let mut pick = rng.random_range(0..total);
        let mut si = 0;
        while pick >= weights[si] {
            pick -= weights[si];
            si += 1;
        }
        let seg = &config.segments[si];
        let goal = seg.goal_ms.unwrap_or(7 * 86_400_000) as f64;
        // Each segment has its own pace: its median TTFV is 25%..85% of the goal.
        let pace = 0.25 + 0.6 * ((si * 7919) % 11) as f64 / 10.0;
        let ttfv_target = goal * pace * (normal(&mut rng) * 0.9).exp();
        let start = EXPORT_AT - rng.random_range(0..WINDOW);
        let user = format!("u{u:07}");
        let head = |kind: &str, at: u64| {
            format!(
                "{{\"type\":\"{kind}\",\"checklistId\":\"{}\",\"segment\":\"{}\",\"userId\":\"{user}\",\"at\":{at}",
                config.id, seg.id.0
            )
        };
        buf.clear();
        buf.push(format!(
            "{},\"startedAt\":{start}}}",
            head("checklist_started", start)
        ));
        buf.push(format!("{}}}", head("checklist_shown", start)));
        let drops_at = rng
            .random_bool(0.25)
            .then(|| rng.random_range(0..seg.steps.len().max(1)));
        let steps = seg.steps.len().max(1) as f64;
        let mut t = start;
        let mut done: Vec<(usize, u64)> = Vec::new();
        for (k, &i) in seg.steps.iter().enumerate() {
            if drops_at == Some(k) {
                break;
            }
            let step = &config.steps[i];
            let gap = (ttfv_target / steps) * (-rng.random_range(f64::EPSILON..1.0f64).ln());
            t += gap as u64;
            if t > EXPORT_AT {
                break;
            }
            if step.skippable && rng.random_bool(0.3) {
                buf.push(format!(
                    "{},\"stepId\":\"{}\"}}",
                    head("step_skipped", t),
                    step.id.0
                ));
                continue;
            }
            let source = if step.is_manual() {
                "click"
            } else {
                match step.complete_on.first() {
                    Some(Rule::Page(_)) => "page",
                    Some(Rule::Click(_)) => "click_target",
                    _ if rng.random_bool(0.1) => "api",
                    _ => "event",
                }
            };
            buf.push(format!(
                "{},\"stepId\":\"{}\",\"source\":\"{source}\",\"elapsedMs\":{}}}",
                head("step_completed", t),
                step.id.0,
                t - start
            ));
            done.push((i, t));
        }
        let reached = match &seg.first_value {
            FirstValueRule::Steps(need) => need
                .iter()
                .map(|n| done.iter().find(|d| d.0 == *n).map(|d| d.1))
                .try_fold(0, |m, t| t.map(|t| m.max(t))),
            FirstValueRule::AllRequired => seg
                .steps
                .iter()
                .filter(|&&i| !config.steps[i].skippable)
                .map(|n| done.iter().find(|d| d.0 == *n).map(|d| d.1))
                .try_fold(0, |m, t| t.map(|t| m.max(t))),
            FirstValueRule::Rule(_) => (done.len() == seg.steps.len()).then_some(t),
        };
        let deadline = seg.goal_ms.map(|g| start + g);
        match reached {
            Some(at) => {
                let ttfv = at - start;
                let goal = seg.goal_ms.map_or("null".into(), |g| g.to_string());
                let within = seg
                    .goal_ms
                    .map_or("null".into(), |g| (ttfv <= g).to_string());
                if let Some(d) = deadline.filter(|d| *d < at) {
                    buf.push(format!(
                        "{},\"goalMs\":{goal},\"elapsedMs\":{}}}",
                        head("goal_missed", d),
                        d - start
                    ));
                }
                buf.push(format!(
                    "{},\"startedAt\":{start},\"reachedAt\":{at},\"ttfvMs\":{ttfv},\"goalMs\":{goal},\"withinGoal\":{within}}}",
                    head("first_value", at)
                ));
            }
            None => {
                if let (Some(d), Some(g)) = (deadline.filter(|d| *d <= EXPORT_AT), seg.goal_ms) {
                    buf.push(format!(
                        "{},\"goalMs\":{g},\"elapsedMs\":{g}}}",
                        head("goal_missed", d)
                    ));
                }
            }
        }
        if rng.random_bool(0.1) {
            let at = start + rng.random_range(0..=(t - start).max(1));
            buf.push(format!(
                "{}}}",
                head("checklist_dismissed", at.min(EXPORT_AT))
            ));
        }
        // Several tabs: some events arrive twice; exports are not in order.
        if rng.random_bool(0.05) {
            let k = rng.random_range(0..buf.len());
            let dup = buf[k].clone();
            buf.push(dup);
        }
        if buf.len() > 1 && rng.random_bool(0.1) {
            let k = rng.random_range(1..buf.len());
            buf.swap(k - 1, k);
        }
        for line in &buf {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
            lines += 1;
        }
    }
    out.flush()?;
    Ok(lines)
}
