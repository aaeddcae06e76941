//! From a JSON value to a validated [`Checklist`], reporting every problem at once.
//!
//! Two passes: the table-driven shape check ([`super::shape`]) finds unknown and
//! missing keys, wrong types, bad ids, durations and hrefs; then the rules that
//! span the config (unique ids, references, cycles, segments, first value).
//! Both always run in full, so an author sees every problem in one go.

use super::duration;
use super::error::{codes, did_you_mean, index_path, key_path, Report};
use super::index::Index;
use super::json::Value;
use super::model::{
    Action, ActionTarget, Checklist, FirstValueRule, Help, Nudges, Segment, SegmentId, Step,
    StepId, Text,
};
use super::segment::parse_match;
use super::shape::{self, Ty, CONFIG};

/// Validates `value` as a config: the checklist and its warnings, or every error.
///
/// ```
/// use firstvalue::core::{parse_config, json::Value};
/// let bad = Value::object([("version", Value::Number(2.0))]);
/// let report = parse_config(&bad).unwrap_err();
/// assert!(report.errors.iter().any(|e| e.path == "version"));
/// assert!(report.errors.iter().any(|e| e.message.contains("\"steps\"")));
/// ```
pub fn parse_config(value: &Value) -> Result<(Checklist, Report), Report> {
    let (checklist, report) = check_config(value);
    if report.is_ok() {
        Ok((checklist, report))
    } else {
        Err(report)
    }
}

/// Checks `value` as a config: the report, and the checklist as far as it could be built.
/// With errors in the report, the checklist holds what was well-formed (a step whose id is
/// wrong is missing, a rule that parsed is there): enough for a host to check those parts
/// further, as the browser checks click selectors, so that every problem is listed at once.
///
/// ```
/// use firstvalue::core::{check_config, parse_json};
/// let (partial, report) = check_config(&parse_json(r##"{"version":1,"id":"c","title":"T",
///   "steps":[{"id":"a","title":"A","completeOn":[{"click":"#go"}]},
///            {"id":"b","title":"B","requires":["nope"]}],
///   "segments":[{"id":"all","steps":["a","b"],"firstValue":{"steps":["a"]},"ttfvGoal":"P1D"}]}"##).unwrap());
/// assert!(report.errors.iter().any(|e| e.path == "steps[1].requires[0]"));
/// assert_eq!(partial.steps[0].complete_on.len(), 1);
/// ```
pub fn check_config(value: &Value) -> (Checklist, Report) {
    let mut report = Report::default();
    shape::check(value, &Ty::Obj(&CONFIG), &shape::Path::Root, &mut report);
    let checklist = build(value, &mut report);
    (checklist, report)
}

fn string(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_string()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn array(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

fn build(root: &Value, out: &mut Report) -> Checklist {
    let steps = build_steps(array(root.get("steps")), out);
    check_requires(&steps, out);
    let segments = match root.get("segments") {
        Some(Value::Array(items)) => build_segments(items, &steps, out),
        _ => vec![default_segment(&steps, out)],
    };
    warn_unused_steps(&steps, &segments, out);
    Checklist {
        id: string(root.get("id")),
        title: string(root.get("title")),
        text: build_text(root.get("text"), out),
        snooze_options: match root.get("snoozeOptions") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|d| duration::parse(d.as_str()?).ok())
                .collect(),
            _ => vec![86_400_000],
        },
        steps,
        segments,
    }
}

fn build_steps(items: &[Value], out: &mut Report) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::with_capacity(items.len());
    report_duplicates(items, "step", "steps", out);
    for item in items {
        let id = string(item.get("id"));
        let action = item.get("action").map(action);
        let complete_on = array(item.get("completeOn"))
            .iter()
            .filter_map(super::rule::build)
            .collect();
        let show_if = match item.get("showIf") {
            Some(Value::Object(m)) => parse_match(m, "", &mut Report::default()),
            _ => Vec::new(),
        };
        steps.push(Step {
            id: StepId(id),
            title: string(item.get("title")),
            description: item
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            complete_on,
            action,
            requires: strings(item.get("requires"))
                .into_iter()
                .map(StepId)
                .collect(),
            skippable: matches!(item.get("skippable"), Some(Value::Bool(true))),
            show_if,
            account: item.get("scope").and_then(Value::as_str) == Some("account"),
        });
    }
    steps
}

/// Unknown, self and duplicate references in `requires`, then cycles.
fn check_requires(steps: &[Step], out: &mut Report) {
    let index = step_index(steps);
    let ids = || steps.iter().map(|s| s.id.0.as_str());
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for (i, step) in steps.iter().enumerate() {
        for (j, req) in step.requires.iter().enumerate() {
            let path = || index_path(&format!("steps[{i}].requires"), j);
            match index.first(req.0.as_str()) {
                None if !req.0.is_empty() => {
                    out.error(
                        &path(),
                        codes::UNKNOWN_STEP,
                        prose!(format!(
                            "unknown step \"{req}\"{}",
                            did_you_mean(&req.0, ids())
                        )),
                    );
                }
                None => {}
                Some(k) if k == i => out.error(
                    &path(),
                    codes::SELF_REQUIREMENT,
                    prose!(format!("step \"{req}\" cannot require itself")),
                ),
                Some(k) if edges[i].contains(&k) => out.warn(
                    &path(),
                    codes::DUPLICATE,
                    prose!(format!("\"{req}\" is listed twice")),
                ),
                Some(k) => edges[i].push(k),
            }
        }
    }
    for cycle in find_cycles(&edges) {
        let names: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&k| steps[k].id.0.as_str())
            .collect();
        out.error(
            &format!("steps[{}].requires", cycle[0]),
            codes::REQUIRES_CYCLE,
            prose!(format!(
                "requires cycle: {} (a step in a cycle can never unlock)",
                super::strs::join(&names, " → ")
            )),
        );
    }
}

/// Every elementary cycle found by a depth-first search, each once, starting
/// at its lowest index.
fn find_cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    for root in 0..edges.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next edge to follow).
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match marks[to] {
                    Mark::New => {
                        marks[to] = Mark::Active;
                        stack.push((to, 0));
                    }
                    Mark::Active => {
                        let start = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let path: Vec<usize> = stack.iter().skip(start).map(|(n, _)| *n).collect();
                        let min = path
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, n)| **n)
                            .map_or(0, |(i, _)| i);
                        // The same cycle from its lowest step, whichever step found it.
                        let cycle: Vec<usize> = path
                            .iter()
                            .skip(min)
                            .chain(path.iter().take(min))
                            .copied()
                            .collect();
                        if !cycles.contains(&cycle) {
                            cycles.push(cycle);
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    cycles
}

fn default_segment(steps: &[Step], out: &mut Report) -> Segment {
    if !steps.is_empty() && steps.iter().all(|s| s.skippable) {
        out.error("steps", codes::NO_REQUIRED_STEP, prose!("every step is skippable, so first value would be reached before the user does anything; add \"segments\" with a \"firstValue\" or make a step required"));
    }
    Segment {
        id: SegmentId("default".into()),
        conditions: Vec::new(),
        steps: (0..steps.len()).collect(),
        first_value: FirstValueRule::AllRequired,
        goal_ms: None,
        nudges: Default::default(),
    }
}

fn build_segments(items: &[Value], steps: &[Step], out: &mut Report) -> Vec<Segment> {
    if items.is_empty() {
        out.error("segments", codes::EMPTY, prose!("needs at least one segment (or leave \"segments\" out for one segment with every step)"));
    }
    let index = step_index(steps);
    let ids = || steps.iter().map(|s| s.id.0.as_str());
    report_duplicates(items, "segment", "segments", out);
    let mut segments = Vec::with_capacity(items.len());
    let mut catch_all: Option<usize> = None;
    for (i, item) in items.iter().enumerate() {
        let path = index_path("segments", i);
        let id = string(item.get("id"));
        // Step list: known, unique, and closed under `requires`.
        let list_path = key_path(&path, "steps");
        let mut members: Vec<usize> = Vec::new();
        // Membership by position, so checks stay linear for 10,000 steps.
        let mut member = vec![false; steps.len()];
        for (j, sid) in strings(item.get("steps")).iter().enumerate() {
            match index.first(sid.as_str()) {
                None => out.error(
                    &index_path(&list_path, j),
                    codes::UNKNOWN_STEP,
                    prose!(format!(
                        "unknown step \"{sid}\"{}",
                        did_you_mean(sid, ids())
                    )),
                ),
                Some(k) if member[k] => out.error(
                    &index_path(&list_path, j),
                    codes::DUPLICATE,
                    prose!(format!("step \"{sid}\" is listed twice")),
                ),
                Some(k) => {
                    member[k] = true;
                    members.push(k);
                }
            }
        }
        if matches!(item.get("steps"), Some(Value::Array(a)) if a.is_empty()) {
            out.error(
                &list_path,
                codes::EMPTY,
                prose!("a segment needs at least one step"),
            );
        }
        for (j, &k) in members.iter().enumerate() {
            for req in &steps[k].requires {
                if index.first(req.0.as_str()).is_some_and(|r| !member[r]) {
                    out.error(
                        &index_path(&list_path, j), codes::UNREACHABLE_REQUIREMENT, prose!(format!("step \"{}\" requires \"{req}\", which is not in segment \"{id}\", so it could never unlock", steps[k].id)));
                }
            }
        }
        let first_value =
            build_first_value(item.get("firstValue"), &member, steps, &index, &path, out);
        if first_value == FirstValueRule::AllRequired
            && !members.is_empty()
            && members.iter().all(|&k| steps[k].skippable)
        {
            out.error(&path, codes::NO_REQUIRED_STEP, prose!("every step is skippable and there is no \"firstValue\", so first value would be reached before the user does anything"));
        }
        let conditions = match item.get("match") {
            Some(Value::Object(m)) => {
                parse_match(m, &key_path(&path, "match"), &mut Report::default())
            }
            _ => Vec::new(),
        };
        let goal_ms = item
            .get("ttfvGoal")
            .and_then(Value::as_str)
            .and_then(|s| duration::parse(s).ok());
        if item.get("ttfvGoal").is_none() {
            out.warn(
                &path,
                codes::NO_GOAL,
                prose!(format!(
                    "segment \"{id}\" has no \"ttfvGoal\": TTFV is measured but never judged late"
                )),
            );
        }
        if let Some(c) = catch_all {
            out.warn(
                &path,
                codes::UNREACHABLE_SEGMENT,
                prose!(format!(
                    "segment \"{id}\" can never match: segments[{c}] before it matches everyone"
                )),
            );
        } else if item
            .get("match")
            .is_none_or(|m| matches!(m, Value::Object(o) if o.is_empty()))
        {
            catch_all = Some(i);
        }
        let nudges = build_nudges(item, goal_ms, &path, out);
        segments.push(Segment {
            id: SegmentId(id),
            conditions,
            steps: members,
            first_value,
            goal_ms,
            nudges,
        });
    }
    if catch_all.is_none() && !items.is_empty() {
        out.warn("segments", codes::NO_FALLBACK_SEGMENT, prose!("no segment matches everyone: a user whose traits match none gets an empty checklist (nothing shown, no events, no TTFV); add a last segment without \"match\" to onboard everyone"));
    }
    segments
}

fn build_first_value(
    v: Option<&Value>,
    member: &[bool],
    steps: &[Step],
    index: &Index,
    seg_path: &str,
    out: &mut Report,
) -> FirstValueRule {
    let Some(v) = v else {
        return FirstValueRule::AllRequired;
    };
    let path = key_path(&key_path(seg_path, "firstValue"), "steps");
    if let Some(Value::Array(items)) = v.get("steps") {
        if items.is_empty() {
            out.error(&path, codes::EMPTY, prose!("list at least one step"));
        }
        let mut rule = Vec::new();
        for (j, sid) in strings(v.get("steps")).iter().enumerate() {
            match index.first(sid.as_str()) {
                Some(k) if member[k] => {
                    if !steps[k].show_if.is_empty() {
                        out.warn(&index_path(&path, j), codes::FIRST_VALUE_HIDDEN, prose!(format!("step \"{sid}\" has \"showIf\": a user it is hidden from reaches first value without it")));
                    }
                    if steps[k].skippable {
                        out.warn(&index_path(&path, j), codes::FIRST_VALUE_SKIPPABLE, prose!(format!("step \"{sid}\" is skippable: a user who skips it never reaches first value")));
                    }
                    rule.push(k);
                }
                Some(_) => out.error(
                    &index_path(&path, j),
                    codes::NOT_IN_SEGMENT,
                    prose!(format!("step \"{sid}\" is not in this segment's steps")),
                ),
                None => out.error(
                    &index_path(&path, j),
                    codes::UNKNOWN_STEP,
                    prose!(format!("unknown step \"{sid}\"")),
                ),
            }
        }
        return FirstValueRule::Steps(rule);
    }
    super::rule::build(v).map_or(FirstValueRule::AllRequired, FirstValueRule::Rule)
}

fn warn_unused_steps(steps: &[Step], segments: &[Segment], out: &mut Report) {
    let mut used = vec![false; steps.len()];
    for &i in segments.iter().flat_map(|s| &s.steps) {
        used[i] = true;
    }
    for (i, step) in steps.iter().enumerate() {
        if !used[i] && !step.id.0.is_empty() {
            out.warn(
                &index_path("steps", i),
                codes::UNUSED_STEP,
                prose!(format!("step \"{}\" is in no segment", step.id)),
            );
        }
    }
}

/// A segment's nudges; `atRisk` must fall before the goal, and needs one.
fn build_nudges(item: &Value, goal_ms: Option<u64>, path: &str, out: &mut Report) -> Nudges {
    let ms = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .and_then(|s| duration::parse(s).ok())
    };
    let at_risk_ms = match (item.get("atRisk"), goal_ms) {
        (None, _) => None,
        (Some(_), None) => {
            out.error(
                &key_path(path, "atRisk"),
                codes::MISSING_KEY,
                prose!("needs a \"ttfvGoal\" to be at risk of"),
            );
            None
        }
        (Some(Value::Number(f)), Some(goal)) => Some((goal as f64 * f) as u64),
        (Some(_), Some(goal)) => {
            let at = ms("atRisk");
            if at.is_some_and(|a| a >= goal) {
                out.error(
                    &key_path(path, "atRisk"),
                    codes::OUT_OF_RANGE,
                    prose!("is not before the goal: at risk must come earlier than \"ttfvGoal\""),
                );
            }
            at
        }
    };
    let help = item.get("help").map(|h| Help {
        title: string(h.get("title")),
        description: h
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        action: h.get("action").map(action),
    });
    let help_on = match item.get("showHelpOn") {
        Some(Value::Array(on)) => {
            ["stalled", "at_risk", "missed"].map(|k| on.iter().any(|v| v.as_str() == Some(k)))
        }
        _ => [true; 3],
    };
    if help.is_some()
        && item.get("stalledAfter").is_none()
        && at_risk_ms.is_none()
        && goal_ms.is_none()
    {
        out.warn(
            &key_path(path, "help"), codes::NEVER_SHOWN, prose!("is never shown: it shows when stalled (\"stalledAfter\"), at risk (\"atRisk\") or late (\"ttfvGoal\")"));
    }
    Nudges {
        reshow_ms: ms("reshowAfter"),
        stalled_ms: ms("stalledAfter"),
        at_risk_ms,
        help,
        help_on,
    }
}

fn action(a: &Value) -> Action {
    Action {
        label: string(a.get("label")),
        target: match (a.get("href"), a.get("event")) {
            (Some(h), _) => ActionTarget::Href(string(Some(h))),
            (_, e) => ActionTarget::Event(string(e)),
        },
    }
}

fn build_text(v: Option<&Value>, out: &mut Report) -> Text {
    let mut text = Text::default();
    let Some(Value::Object(members)) = v else {
        return text;
    };
    for (k, val) in members {
        let Some(s) = val.as_str() else { continue };
        let slot = match k.as_str() {
            "progress" => &mut text.progress,
            "launcher" => &mut text.launcher,
            "minimize" => &mut text.minimize,
            "dismiss" => &mut text.dismiss,
            "skip" => &mut text.skip,
            "requires" => &mut text.requires,
            "skipped" => &mut text.skipped,
            "stepDone" => &mut text.step_done,
            "firstValue" => &mut text.first_value,
            "completed" => &mut text.completed,
            "snooze" => &mut text.snooze,
            _ => continue,
        };
        let rest = super::strs::expand(s, |name| {
            matches!(name, "done" | "total" | "remaining").then(String::new)
        });
        if rest.contains('{') && rest.contains('}') {
            out.warn(
                &key_path("text", k),
                codes::UNKNOWN_PLACEHOLDER,
                prose!(
                    "only {done}, {total} and {remaining} are filled in; other {…} stay as written"
                ),
            );
        }
        *slot = s.to_string();
    }
    text
}

/// An error at `<list>[i].id` for every id that an earlier item already has.
fn report_duplicates(items: &[Value], kind: &str, list: &str, out: &mut Report) {
    fn id(item: &Value) -> Option<&str> {
        item.get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
    let seen = Index::new(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| id(item).map(|s| (s, i))),
    );
    for (i, item) in items.iter().enumerate() {
        let Some(id) = id(item) else { continue };
        if let Some(first) = seen.first(id).filter(|f| *f != i) {
            out.error(
                &format!("{list}[{i}].id"),
                codes::DUPLICATE_ID,
                prose!(format!(
                    "duplicate {kind} id \"{id}\" (first at {list}[{first}])"
                )),
            );
        }
    }
}

/// Step ids to positions in the config's steps.
fn step_index(steps: &[Step]) -> Index {
    Index::new(steps.iter().enumerate().map(|(i, s)| (s.id.0.as_str(), i)))
}
