//! The persisted snapshot: format, corruption, versions, merging, config changes.

use super::support::{config, engine, run, statuses, BASIC};
use expect_test::expect;
use firstvalue::core::json::Value;
use firstvalue::core::parse_json;
use firstvalue::core::progress::{Engine, Input};
use firstvalue::core::snapshot::{migrate, DecodeError, Flag, Progress, Source, Status, StepFact};

fn decode(text: &str) -> Result<Progress, DecodeError> {
    Progress::decode(&parse_json(text).unwrap())
}

#[test]
fn stored_form_is_compact_and_round_trips() {
    let mut e = engine(BASIC, "pro");
    run(
        &mut e,
        "0 mount\n100 track connected\n200 skip invite\n300 minimize",
    );
    let stored = e.progress().encode().to_string();
    expect![[r#"{"v":2,"g":0,"s":0,"d":{"connect":[100,"d","e"],"invite":[200,"s","c"]},"k":{},"cs":0,"fv":null,"gm":null,"cc":null,"dm":[false,0],"mn":[true,300],"sz":[0,0],"sl":null,"ar":null}"#]].assert_eq(&stored);
    assert_eq!(decode(&stored).unwrap(), *e.progress());
}

#[test]
fn corrupt_snapshots_are_errors_not_panics() {
    for bad in [
        "null",
        "[]",
        "\"x\"",
        "{}",
        r#"{"v":"1"}"#,
        r#"{"v":1}"#,
        r#"{"v":0,"s":1}"#,
    ] {
        assert!(matches!(decode(bad), Err(DecodeError::Corrupt(_))), "{bad}");
    }
}

#[test]
fn bad_entries_are_dropped_and_the_rest_kept() {
    let p = decode(r#"{"v":1,"s":5,"d":{"a":[10,"d","e"],"b":"x","c":[-1,"d"],"d":[20,"?"],"BAD ID":[1,"d"],"e":[30,"s"]},"fv":"soon","dm":[true]}"#).unwrap();
    assert_eq!(p.steps.keys().collect::<Vec<_>>(), ["a", "e"]);
    assert_eq!(
        p.steps["a"],
        StepFact {
            status: Status::Done,
            at: 10,
            source: Source::Event
        }
    );
    assert_eq!(p.first_value_at, None);
    assert_eq!(p.dismissed, Flag::default());
}

#[test]
fn newer_versions_are_refused_so_they_are_not_overwritten() {
    assert_eq!(decode(r#"{"v":7,"s":1}"#), Err(DecodeError::Newer(7)));
    assert!(migrate(&Value::Null).is_err());
}

#[test]
fn merge_is_a_union_with_earliest_times() {
    let a = decode(r#"{"v":1,"s":100,"d":{"x":[10,"d","c"],"y":[20,"s"]},"fv":50}"#).unwrap();
    let b = decode(
        r#"{"v":1,"s":90,"d":{"x":[5,"d","e"],"y":[30,"d","e"],"z":[40,"d","a"]},"fv":60,"cc":70}"#,
    )
    .unwrap();
    let mut m = a.clone();
    assert!(m.merge(&b));
    expect![[r#"{"v":2,"g":0,"s":90,"d":{"x":[5,"d","e"],"y":[30,"d","e"],"z":[40,"d","a"]},"k":{},"cs":null,"fv":50,"gm":null,"cc":70,"dm":[false,0],"mn":[false,0],"sz":[0,0],"sl":null,"ar":null}"#]].assert_eq(&m.encode().to_string());
    // Merging is commutative and idempotent.
    let mut n = b.clone();
    n.merge(&a);
    assert_eq!(m, n);
    assert!(!m.merge(&b));
}

#[test]
fn a_newer_generation_wins_outright_an_older_one_is_ignored() {
    let old = decode(r#"{"v":1,"g":0,"s":1,"d":{"x":[10,"d","c"]},"fv":10}"#).unwrap();
    let reset = decode(r#"{"v":1,"g":1,"s":500}"#).unwrap();
    let mut m = old.clone();
    assert!(m.merge(&reset));
    assert_eq!(m, reset);
    assert!(!m.merge(&old));
    assert_eq!(m, reset);
}

#[test]
fn ui_flags_are_last_writer_wins() {
    let a = decode(r#"{"v":1,"s":1,"dm":[true,10],"mn":[false,50]}"#).unwrap();
    let b = decode(r#"{"v":1,"s":1,"dm":[false,20],"mn":[true,40]}"#).unwrap();
    let mut m = a;
    m.merge(&b);
    assert_eq!((m.dismissed.on, m.minimized.on), (false, false));
}

#[test]
fn merging_another_tabs_progress_never_refires_once_only_events() {
    // Tab A reaches first value and completes; tab B, which saw none of it, merges A.
    let mut a = engine(BASIC, "pro");
    run(
        &mut a,
        "0 mount\n1 track connected\n2 track chart_saved\n3 skip invite",
    );
    let mut b = engine(BASIC, "pro");
    run(&mut b, "0 mount");
    let effects = b.apply(Input::Merge(a.progress().clone()), 10);
    let notices: Vec<_> = effects
        .iter()
        .filter(|e| matches!(e, firstvalue::core::progress::Effect::Notify(_)))
        .collect();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(statuses(&b), "connect:done chart:done invite:skipped");
}

#[test]
fn a_config_that_adds_removes_and_reorders_steps_keeps_what_applies() {
    let mut e = engine(BASIC, "pro");
    run(&mut e, "0 mount\n1 track connected\n2 skip invite");
    let stored = e.progress().encode();
    // New config: "chart" removed, "invite" moved first, "billing" added, goal unchanged.
    let v2 = config(
        r#"{"version":1,"id":"acme","title":"Get started","steps":[
            {"id":"invite","title":"Invite","skippable":true},
            {"id":"billing","title":"Billing"},
            {"id":"connect","title":"Connect","completeOn":["connected"]}],
          "segments":[{"id":"pro","steps":["invite","billing","connect"],"ttfvGoal":"PT1H"}]}"#,
    );
    let restored = Engine::new(v2, 0, None, Progress::decode(&stored).unwrap());
    assert_eq!(
        statuses(&restored),
        "invite:skipped billing:open connect:done"
    );
}

#[test]
fn a_step_moved_to_another_segment_keeps_its_progress() {
    let mut pro = engine(BASIC, "pro");
    run(&mut pro, "0 mount\n1 skip invite");
    let c = config(BASIC);
    let rest = Engine::new(c, 2, None, pro.progress().clone());
    assert_eq!(statuses(&rest), "tour:open invite:skipped");
}

#[test]
fn decode_counts_what_it_drops() {
    let v =
        parse_json(r#"{"v":1,"s":5,"d":{"a":[10,"d","e"],"b":"x","c":[-1,"d"],"ok":[3,"s","c"]}}"#)
            .unwrap();
    let (p, dropped) = Progress::decode_counting(&v).unwrap();
    assert_eq!((p.steps.len(), dropped), (2, 2));
}
