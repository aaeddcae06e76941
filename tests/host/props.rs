//! Property tests: any interleaving of inputs and restores keeps the invariants.

use super::support::{config, BASIC};
use firstvalue::core::json::Value;
use firstvalue::core::parse_config;
use firstvalue::core::progress::{Effect, Engine, Input};
use firstvalue::core::snapshot::Progress;
use firstvalue::core::Notice;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

#[derive(Debug, Clone)]
enum Op {
    Input(u8, u8),
    /// Save the current state for a later restore.
    Save,
    /// Merge a saved state (an old snapshot, or another tab's).
    Restore(u8),
    /// Merge the state of a second engine that took its own inputs.
    OtherTab(u8, u8),
}

fn ops() -> impl Strategy<Value = Vec<(u32, Op)>> {
    let op = prop_oneof![
        6 => (0u8..14, 0u8..4).prop_map(|(k, s)| Op::Input(k, s)),
        1 => Just(Op::Save),
        1 => any::<u8>().prop_map(Op::Restore),
        2 => (0u8..14, 0u8..4).prop_map(|(k, s)| Op::OtherTab(k, s)),
    ];
    proptest::collection::vec((0u32..400_000, op), 0..60)
}

fn input(e: &Engine, kind: u8, step: u8) -> Input {
    let steps = &e.segment().steps;
    let s = steps[step as usize % steps.len()];
    let events = [
        "connected",
        "chart_saved",
        "chart_imported",
        "shared",
        "nope",
    ];
    match kind {
        0 => Input::Mount,
        1..=3 => Input::Track(events[step as usize % events.len()].into()),
        4 => Input::Check(s),
        5 => Input::Complete(s),
        6 => Input::Skip(s),
        7 => Input::Action(s),
        8 => Input::Dismiss,
        9 => Input::Open,
        10 => Input::Minimize,
        11 => Input::Tick,
        12 => Input::Reset,
        _ => Input::Tick,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn invariants_hold_for_any_interleaving(seg in 0usize..3, ops in ops()) {
        invariants(config(BASIC), seg, ops)?;
    }

    #[test]
    fn invariants_hold_for_random_configs(text in arb_config(), ops in ops()) {
        let c = config(&text);
        invariants(c, 0, ops)?;
    }

    #[test]
    fn facts_union_is_the_per_key_rule(
        a in proptest::collection::vec((0u8..30, 0u64..5, any::<bool>()), 0..20),
        b in proptest::collection::vec((0u8..30, 0u64..5, any::<bool>()), 0..20),
    ) {
        use firstvalue::core::snapshot::{Facts, Source, Status, StepFact};
        let facts = |v: &[(u8, u64, bool)]| Facts::from_entries(v.iter().map(|&(k, at, done)| {
            let status = if done { Status::Done } else { Status::Skipped };
            (format!("s{k}"), StepFact { status, at, source: Source::Api })
        }).collect());
        let better = |t: &StepFact, f: &StepFact| {
            (t.status == Status::Done && f.status == Status::Skipped)
                || (t.status == f.status && t.at < f.at)
        };
        let (mut fast, theirs) = (facts(&a), facts(&b));
        let mut slow = fast.clone();
        let changed = fast.union(&theirs, better);
        let mut slow_changed = false;
        for (id, t) in &theirs {
            if slow.get(id).is_none_or(|f| better(t, f)) {
                slow.insert(id.clone(), *t);
                slow_changed = true;
            }
        }
        prop_assert_eq!(fast, slow);
        prop_assert_eq!(changed, slow_changed);
    }

    #[test]
    fn parsing_any_json_never_panics(v in arb_json()) {
        let _ = parse_config(&v);
        let _ = Progress::decode(&v);
    }
}

/// Runs `ops` against one engine (with saves, restores and a second tab) and checks:
/// once-only events once per generation, TTFV = reachedAt - startedAt, finished steps
/// stay finished and first value stays reached unless a reset, snapshots round-trip.
fn invariants(
    c: firstvalue::core::model::Checklist,
    seg: usize,
    ops: Vec<(u32, Op)>,
) -> Result<(), TestCaseError> {
    let mut e = Engine::new(c.clone(), seg, None, Progress::new(0));
    let mut other = Engine::new(c, seg, None, Progress::new(0));
    let mut saved: Vec<Progress> = Vec::new();
    let mut now = 0u64;
    // Once-only notices seen per generation (a reset starts a new run).
    let mut seen: Vec<(u64, &'static str)> = Vec::new();
    for (dt, op) in ops {
        now += dt as u64;
        let before = e.progress().clone();
        let inp = match op {
            Op::Input(k, s) => input(&e, k, s),
            Op::Save => {
                saved.push(e.progress().clone());
                continue;
            }
            Op::Restore(i) if saved.is_empty() => {
                let _ = i;
                continue;
            }
            Op::Restore(i) => Input::Merge(saved[i as usize % saved.len()].clone()),
            Op::OtherTab(k, s) => {
                let inp = input(&other, k, s);
                other.apply(inp, now);
                other.apply(Input::Merge(e.progress().clone()), now);
                Input::Merge(other.progress().clone())
            }
        };
        // merge() says it changed something exactly when it did.
        if let Input::Merge(p) = &inp {
            let mut probe = e.progress().clone();
            let changed = probe.merge(p);
            prop_assert_eq!(changed, &probe != e.progress());
        }
        let was_reset = matches!(inp, Input::Reset);
        let effects = e.apply(inp, now);
        let generation_changed = e.progress().generation != before.generation;
        for eff in &effects {
            if let Effect::Notify(n) = eff {
                if n.once_only() {
                    let key = (e.progress().generation, n.kind());
                    prop_assert!(!seen.contains(&key), "{} fired twice", n.kind());
                    seen.push(key);
                }
                if let Notice::FirstValue {
                    started_at,
                    reached_at,
                    ttfv_ms,
                    ..
                } = n
                {
                    prop_assert_eq!(*ttfv_ms, reached_at - started_at);
                }
            }
        }
        // Done steps stay done unless a reset (here or adopted from another tab).
        if !was_reset && !generation_changed {
            for (id, fact) in &before.steps {
                let now_fact = e.progress().steps.get(id);
                prop_assert!(now_fact.is_some(), "step {} lost", id);
                if fact.status == firstvalue::core::snapshot::Status::Done {
                    prop_assert_eq!(now_fact.map(|f| f.status), Some(fact.status));
                }
            }
            prop_assert!(before.first_value_at.is_none() || e.progress().first_value_at.is_some());
        }
        // The view's one-pass statuses agree with asking step by step.
        let one_by_one: Vec<_> = (0..e.config().steps.len()).map(|i| e.status(i)).collect();
        prop_assert_eq!(e.statuses(), one_by_one);
        prop_assert_eq!(e.counts_of(&e.statuses()), e.counts());
        // Merges from a notice-free source fire nothing once-only twice (checked above);
        // the persisted form always round-trips.
        prop_assert_eq!(
            &Progress::decode(&e.progress().encode()).unwrap(),
            e.progress()
        );
    }
    Ok(())
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1e3f64..1e16).prop_map(Value::Number),
        prop_oneof![
            Just("a".to_string()),
            Just("steps".to_string()),
            Just("x y".to_string()),
            "[a-z_]{0,6}"
        ]
        .prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("version"),
        Just("id"),
        Just("title"),
        Just("steps"),
        Just("segments"),
        Just("requires"),
        Just("match"),
        Just("firstValue"),
        Just("action"),
        Just("href"),
        Just("v"),
        Just("s"),
        Just("d"),
        Just("gte"),
        Just("in"),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..6).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// Random valid configs: 1–7 steps, `requires` only on earlier steps (so no cycle),
/// events from a small shared pool (so one event can complete several steps), some
/// skippable, and one of the three first value rules, with or without a goal.
fn arb_config() -> impl Strategy<Value = String> {
    (1usize..8)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec((any::<u8>(), 0u8..6, any::<bool>()), n),
                0u8..3,
                proptest::option::of(1u64..600),
            )
        })
        .prop_map(|(steps, rule, goal_min)| {
            let events = ["connected", "chart_saved", "chart_imported", "shared"];
            let mut out = Vec::new();
            for (i, (mask, ev, skippable)) in steps.iter().enumerate() {
                let requires: Vec<String> = (0..i).filter(|j| mask & (1 << (j % 8)) != 0 && *j + 2 > i).map(|j| format!("\"s{j}\"")).collect();
                let complete_on = match *ev as usize {
                    e if e < events.len() => format!(r#","completeOn":["{}"]"#, events[e]),
                    _ => String::new(),
                };
                out.push(format!(
                    r#"{{"id":"s{i}","title":"Step {i}","requires":[{}]{complete_on},"skippable":{skippable}}}"#,
                    requires.join(",")
                ));
            }
            let ids: Vec<String> = (0..steps.len()).map(|i| format!("\"s{i}\"")).collect();
            let all_skippable = steps.iter().all(|s| s.2);
            let first_value = match rule {
                0 if !all_skippable => String::new(),
                1 => r#","firstValue":{"event":"shared"}"#.to_string(),
                _ => format!(r#","firstValue":{{"steps":["s{}"]}}"#, steps.len() - 1),
            };
            let goal = goal_min.map(|m| format!(r#","ttfvGoal":"PT{m}M""#)).unwrap_or_default();
            format!(
                r#"{{"version":1,"id":"rand","title":"Random","steps":[{}],"segments":[{{"id":"all","steps":[{}]{first_value}{goal}}}]}}"#,
                out.join(","),
                ids.join(",")
            )
        })
}
