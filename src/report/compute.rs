//! From events to per-user facts (memory ∝ users × steps, whatever the number of events),
//! then to the figures every format prints.

use super::input::Event;
use super::stats::{kaplan_meier, km_time, percentile, Obs};
pub use crate::core::rule::Source;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What is known about one user of one checklist and segment. Every field merges
/// idempotently (earliest or latest time, a flag), so duplicates and disorder change
/// nothing.
#[derive(Debug, Clone, Default)]
struct User {
    /// `checklist_started.startedAt` (or `first_value.startedAt`): the start of the clock.
    started: Option<u64>,
    /// The earliest event: the start when no start event was exported.
    first_seen: u64,
    ttfv: Option<u64>,
    goal: Option<u64>,
    missed: bool,
    dismissed: bool,
    /// Per step index (the group's): its completion (elapsed ms, source), whether
    /// skipped. A map, so a user with 100,000 distinct step ids costs a lookup per event,
    /// not a scan.
    steps: BTreeMap<u32, StepRec>,
}

/// One step of one user: (completion, skipped).
type StepRec = (Option<(u64, Source)>, bool);

/// Every source, to read one from its name in an event (`Source::as_str`).
const SOURCES: [Source; 5] = [
    Source::Click,
    Source::Event,
    Source::Api,
    Source::Page,
    Source::ClickTarget,
];

/// Users of one checklist and segment (and start week, with `--by week`).
#[derive(Default)]
struct Group {
    users: HashMap<Box<str>, User>,
    steps: Vec<String>,
    step_index: HashMap<String, u32>,
}

/// How to group users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One group per checklist and segment.
    Segment,
    /// Also per week of the start (weeks start on Monday, UTC).
    Week,
}

/// What the config adds: goals, step order and titles, segment steps.
#[derive(Default)]
pub struct Known {
    pub checklist: Option<String>,
    /// Segment id → (goal, step ids in order).
    pub segments: HashMap<String, (Option<u64>, Vec<String>)>,
    /// Step id → title.
    pub titles: HashMap<String, String>,
}

impl Known {
    /// From a validated config.
    pub fn from_config(c: &crate::core::model::Checklist) -> Known {
        Known {
            checklist: Some(c.id.clone()),
            segments: c
                .segments
                .iter()
                .map(|s| {
                    let steps = s.steps.iter().map(|&i| c.steps[i].id.0.clone()).collect();
                    (s.id.0.clone(), (s.goal_ms, steps))
                })
                .collect(),
            titles: c
                .steps
                .iter()
                .map(|s| (s.id.0.clone(), s.title.clone()))
                .collect(),
        }
    }
}

/// Accumulates events; `finish` computes the report.
#[derive(Default)]
pub struct Tally {
    /// (checklist, segment, users): a handful, found by a linear search.
    groups: Vec<(String, String, Group)>,
    /// The latest event time: where the observation window ends.
    pub until: u64,
    /// The earliest event time.
    pub since: u64,
    pub used: u64,
    /// Events of other checklists than the config's (with `--config`).
    pub foreign: u64,
}

impl Tally {
    /// Takes one event.
    pub fn add(&mut self, e: Event, known: &Known) {
        if known.checklist.as_ref().is_some_and(|c| *c != e.checklist) {
            self.foreign += 1;
            return;
        }
        self.used += 1;
        self.until = self.until.max(e.at);
        self.since = if self.used == 1 {
            e.at
        } else {
            self.since.min(e.at)
        };
        let g = match self
            .groups
            .iter()
            .position(|(c, s, _)| *c == e.checklist && *s == e.segment)
        {
            Some(g) => g,
            None => {
                let (c, s) = (e.checklist.to_string(), e.segment.to_string());
                self.groups.push((c, s, Group::default()));
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[g].2;
        // Most events are of a user already known: look up by `&str`, allocate only to insert.
        let user = match group.users.get_mut(e.user.as_ref()) {
            Some(u) => u,
            None => {
                let fresh = User {
                    first_seen: e.at,
                    ..User::default()
                };
                group.users.entry(e.user.as_ref().into()).or_insert(fresh)
            }
        };
        user.first_seen = user.first_seen.min(e.at);
        let earliest = |slot: &mut Option<u64>, v: Option<u64>| {
            if let Some(v) = v {
                *slot = Some(slot.map_or(v, |s| s.min(v)));
            }
        };
        match e.kind.as_ref() {
            "checklist_started" => earliest(&mut user.started, e.started_at.or(Some(e.at))),
            "first_value" => {
                earliest(&mut user.started, e.started_at);
                earliest(&mut user.ttfv, e.ttfv_ms);
                user.goal = user.goal.or(e.goal_ms);
            }
            "goal_missed" => {
                user.missed = true;
                user.goal = user.goal.or(e.goal_ms);
            }
            "checklist_dismissed" => user.dismissed = true,
            "step_completed" | "step_skipped" => {
                let Some(step) = e.step else { return };
                let idx = match group.step_index.get(step.as_ref()) {
                    Some(&i) => i,
                    None => {
                        let i = group.steps.len() as u32;
                        group.step_index.insert(step.to_string(), i);
                        group.steps.push(step.into_owned());
                        i
                    }
                };
                let rec = user.steps.entry(idx).or_default();
                if e.kind.as_ref() == "step_skipped" {
                    rec.1 = true;
                } else {
                    let source = SOURCES
                        .into_iter()
                        .find(|s| Some(s.as_str()) == e.source.as_deref())
                        .unwrap_or(Source::Event);
                    let elapsed = e.elapsed_ms.unwrap_or(0);
                    if rec.0.is_none_or(|(t, _)| elapsed < t) {
                        rec.0 = Some((elapsed, source));
                    }
                }
            }
            _ => {}
        }
    }

    /// The figures, per group (and week with `By::Week`), groups in a stable order.
    pub fn finish(self, known: &Known, by: By) -> Vec<GroupReport> {
        let until = self.until;
        let mut groups = self.groups;
        groups.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut out = Vec::new();
        for (checklist, segment, g) in groups {
            let (goal_cfg, cfg_steps) = known
                .segments
                .get(&segment)
                .cloned()
                .unwrap_or((None, Vec::new()));
            let mut cohorts: Vec<(Option<String>, Vec<&User>)> = Vec::new();
            for u in g.users.values() {
                let week = match by {
                    By::Segment => None,
                    By::Week => Some(week_of(u.started.unwrap_or(u.first_seen))),
                };
                match cohorts.iter_mut().find(|(w, _)| *w == week) {
                    Some((_, list)) => list.push(u),
                    None => cohorts.push((week, vec![u])),
                }
            }
            cohorts.sort_by(|a, b| a.0.cmp(&b.0));
            // Step order: the config's; the rest by median completion time (each step's
            // times gathered in one pass over the users, not one per comparison).
            let mut order: Vec<String> = cfg_steps.clone();
            let in_config: HashSet<&str> = cfg_steps.iter().map(String::as_str).collect();
            let mut times: Vec<Vec<u64>> = vec![Vec::new(); g.steps.len()];
            for u in g.users.values() {
                for (&i, rec) in &u.steps {
                    if let Some((t, _)) = rec.0 {
                        times[i as usize].push(t);
                    }
                }
            }
            let mut rest: Vec<(u64, &String)> = g
                .steps
                .iter()
                .zip(times.iter_mut())
                .filter(|(s, _)| !in_config.contains(s.as_str()))
                .map(|(s, t)| {
                    t.sort_unstable();
                    (percentile(t, 0.5).unwrap_or(u64::MAX), s)
                })
                .collect();
            rest.sort_unstable();
            let rest = rest.into_iter().map(|(_, s)| s.clone());
            order.extend(rest);
            for (week, users) in cohorts {
                out.push(group_report(
                    &checklist, &segment, week, &users, &g, &order, goal_cfg, until, known,
                ));
            }
        }
        out
    }
}

/// Monday of the UTC week of `ms`, as `YYYY-MM-DD`.
///
/// ```
/// use firstvalue::report::compute::week_of;
/// assert_eq!(week_of(1_795_165_200_000), "2026-11-16"); // Friday 2026-11-20
/// ```
pub fn week_of(ms: u64) -> String {
    let days = (ms / 86_400_000) as i64;
    // 1970-01-01 was a Thursday: the Monday-based weekday is (days + 3) mod 7.
    ymd(days - (days + 3).rem_euclid(7))
}

/// `YYYY-MM-DD` of a day number since 1970-01-01 (Howard Hinnant's algorithm).
pub fn ymd(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The report of one group.
#[derive(Debug, Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct GroupReport {
    pub checklist_id: String,
    pub segment: String,
    /// The Monday of the start week, with `--by week`.
    pub cohort: Option<String>,
    pub goal_ms: Option<u64>,
    pub users: Users,
    pub ttfv_ms: Quantiles,
    pub kaplan_meier: KaplanMeier,
    pub funnel: Vec<StepReport>,
}

/// User counts of a group.
#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Users {
    pub started: u64,
    pub reached: u64,
    pub reached_pct: f64,
    pub within_goal: u64,
    /// Of started users.
    pub within_goal_pct: f64,
    pub goal_missed: u64,
    /// Not reached, and not yet past the goal (all not reached, without a goal).
    pub still_open: u64,
    pub dismissed: u64,
}

/// TTFV among users who reached first value (nearest rank).
#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct Quantiles {
    pub median: Option<u64>,
    pub p75: Option<u64>,
    pub p90: Option<u64>,
}

/// The Kaplan–Meier estimate.
#[derive(Debug, Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct KaplanMeier {
    /// When half the users are estimated to have reached first value (null if the curve
    /// never gets there).
    pub median: Option<u64>,
    /// Estimated share by the goal.
    pub by_goal: Option<f64>,
    /// `[timeMs, share]`, one per time someone reached first value.
    pub points: Vec<(u64, f64)>,
    /// Users still without first value when last observed.
    pub censored: u64,
}

/// One step of the funnel.
#[derive(Debug, Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    pub step_id: String,
    pub title: Option<String>,
    /// Users of the group (the step is in their checklist).
    pub shown: u64,
    pub completed: u64,
    pub by_source: BySource,
    pub skipped: u64,
    /// Median time from the start to its completion.
    pub median_ms: Option<u64>,
    /// Users without first value whose first open step this is.
    pub stuck_here: u64,
}

/// Completions by source: guided (the checkbox) vs organic (host event, API, page, click).
#[derive(Debug, Serialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct BySource {
    pub click: u64,
    pub event: u64,
    pub api: u64,
    pub page: u64,
    pub click_target: u64,
}

fn pct(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

#[allow(clippy::too_many_arguments)]
fn group_report(
    checklist: &str,
    segment: &str,
    cohort: Option<String>,
    users: &[&User],
    g: &Group,
    order: &[String],
    goal_cfg: Option<u64>,
    until: u64,
    known: &Known,
) -> GroupReport {
    let goal = goal_cfg.or_else(|| users.iter().filter_map(|u| u.goal).max());
    let start = |u: &User| u.started.unwrap_or(u.first_seen);
    let mut ttfv: Vec<u64> = users.iter().filter_map(|u| u.ttfv).collect();
    ttfv.sort_unstable();
    let reached = ttfv.len() as u64;
    let started = users.len() as u64;
    let within = goal.map_or(0, |g| ttfv.iter().filter(|t| **t <= g).count() as u64);
    let missed = users.iter().filter(|u| u.missed).count() as u64;
    let still_open = users
        .iter()
        .filter(|u| u.ttfv.is_none() && !u.missed)
        .filter(|u| goal.is_none_or(|g| until.saturating_sub(start(u)) < g))
        .count() as u64;
    let obs: Vec<Obs> = users
        .iter()
        .map(|u| match u.ttfv {
            Some(t) => Obs {
                time: t,
                reached: true,
            },
            None => Obs {
                time: until.saturating_sub(start(u)),
                reached: false,
            },
        })
        .collect();
    // Shares to six decimals: enough for any chart, and stable text in JSON and CSV.
    let round = |s: f64| (s * 1e6).round() / 1e6;
    let points: Vec<(u64, f64)> = kaplan_meier(&obs)
        .into_iter()
        .map(|(t, s)| (t, round(s)))
        .collect();
    let by_goal = goal.map(|g| {
        points
            .iter()
            .take_while(|p| p.0 <= g)
            .last()
            .map_or(0.0, |p| p.1)
    });
    // Every per-step figure in one pass over the users (time grows with events, not with
    // users × steps): `agg` is indexed by the group's step index.
    #[derive(Default, Clone)]
    struct Agg {
        by_source: BySource,
        times: Vec<u64>,
        skipped: u64,
        stuck: u64,
    }
    let mut agg = vec![Agg::default(); g.steps.len()];
    let order_idx: Vec<Option<u32>> = order.iter().map(|s| g.step_index.get(s).copied()).collect();
    // Users without first value stuck on a step of the config that no event names.
    let mut stuck_unseen = vec![0u64; order.len()];
    for u in users {
        for (&i, &(done, skip)) in &u.steps {
            let a = &mut agg[i as usize];
            if let Some((t, s)) = done {
                a.times.push(t);
                *match s {
                    Source::Click => &mut a.by_source.click,
                    Source::Event => &mut a.by_source.event,
                    Source::Api => &mut a.by_source.api,
                    Source::Page => &mut a.by_source.page,
                    Source::ClickTarget => &mut a.by_source.click_target,
                } += 1;
            } else if skip {
                a.skipped += 1;
            }
        }
        if u.ttfv.is_none() {
            // The first step in order neither completed nor skipped: walks only past steps
            // this user has events for.
            let open = order_idx.iter().position(|i| {
                i.and_then(|i| u.steps.get(&i))
                    .is_none_or(|r| r.0.is_none() && !r.1)
            });
            match open.map(|p| (p, order_idx[p])) {
                Some((_, Some(i))) => agg[i as usize].stuck += 1,
                Some((p, None)) => stuck_unseen[p] += 1,
                None => {}
            }
        }
    }
    let funnel = order
        .iter()
        .zip(&order_idx)
        .zip(stuck_unseen)
        .map(|((step, idx), unseen)| {
            let mut a = idx
                .map(|i| std::mem::take(&mut agg[i as usize]))
                .unwrap_or_default();
            a.times.sort_unstable();
            StepReport {
                step_id: step.clone(),
                title: known.titles.get(step).cloned(),
                shown: started,
                completed: a.times.len() as u64,
                by_source: a.by_source,
                skipped: a.skipped,
                median_ms: percentile(&a.times, 0.5),
                stuck_here: a.stuck + unseen,
            }
        })
        .collect();
    GroupReport {
        checklist_id: checklist.to_string(),
        segment: segment.to_string(),
        cohort,
        goal_ms: goal,
        users: Users {
            started,
            reached,
            reached_pct: pct(reached, started),
            within_goal: within,
            within_goal_pct: pct(within, started),
            goal_missed: missed,
            still_open,
            dismissed: users.iter().filter(|u| u.dismissed).count() as u64,
        },
        ttfv_ms: Quantiles {
            median: percentile(&ttfv, 0.5),
            p75: percentile(&ttfv, 0.75),
            p90: percentile(&ttfv, 0.9),
        },
        kaplan_meier: KaplanMeier {
            median: km_time(&points, 0.5),
            by_goal,
            censored: started - reached,
            points,
        },
        funnel,
    }
}
