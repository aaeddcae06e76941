//! The state machine, scenario by scenario: script in, notices out.

use super::support::{engine, engine_started_by_host, run, statuses, BASIC};
use expect_test::expect;
use firstvalue::core::progress::{Effect, Input};
use firstvalue::core::Notice;

#[test]
fn mount_starts_once_and_shows_each_time() {
    let mut e = engine(BASIC, "pro");
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        5 mount
          {"type":"checklist_shown"}
    "#]]
    .assert_eq(&run(&mut e, "0 mount\n5 mount"));
}

#[test]
fn requires_locks_until_done_and_unlocks_after() {
    let mut e = engine(BASIC, "pro");
    assert_eq!(statuses(&e), "connect:open chart:locked invite:open");
    run(&mut e, "1000 track connected");
    assert_eq!(statuses(&e), "connect:done chart:open invite:open");
}

#[test]
fn complete_on_matches_any_listed_event_and_first_value_by_steps() {
    let mut e = engine(BASIC, "pro");
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        60000 track connected
          {"type":"step_completed","stepId":"connect","source":"event","elapsedMs":60000,"rule":0}
          persist
        120000 track chart_imported
          {"type":"step_completed","stepId":"chart","source":"event","elapsedMs":120000,"rule":1}
          {"type":"first_value","startedAt":0,"reachedAt":120000,"ttfvMs":120000,"goalMs":3600000,"withinGoal":true}
          persist
        130000 track chart_saved
    "#]].assert_eq(&run(&mut e, "0 mount\n60000 track connected\n120000 track chart_imported\n130000 track chart_saved"));
}

#[test]
fn events_complete_locked_steps_the_host_is_the_source_of_truth() {
    let mut e = engine(BASIC, "pro");
    expect![[r#"
        10 track chart_saved
          {"type":"step_completed","stepId":"chart","source":"event","elapsedMs":10,"rule":0}
          {"type":"first_value","startedAt":0,"reachedAt":10,"ttfvMs":10,"goalMs":3600000,"withinGoal":true}
          persist
    "#]].assert_eq(&run(&mut e, "10 track chart_saved"));
    assert_eq!(statuses(&e), "connect:open chart:done invite:open");
}

#[test]
fn unknown_events_do_nothing() {
    let mut e = engine(BASIC, "pro");
    assert!(e.apply(Input::Track("nope".into()), 5).is_empty());
}

#[test]
fn user_checks_only_open_manual_steps() {
    let mut e = engine(BASIC, "rest");
    let tour = e.config().step_index("tour").unwrap();
    let connect = e.config().step_index("connect").unwrap();
    // `connect` has completeOn: a click does not complete it.
    assert!(e.apply(Input::Check(connect), 1).is_empty());
    expect![[r#"
        5 check tour
          {"type":"step_completed","stepId":"tour","source":"click","elapsedMs":5}
          {"type":"first_value","startedAt":0,"reachedAt":5,"ttfvMs":5,"goalMs":null,"withinGoal":null}
          persist
        6 check tour
    "#]].assert_eq(&run(&mut e, "5 check tour\n6 check tour"));
    assert_eq!(e.fact(tour).map(|f| f.at), Some(5));
}

#[test]
fn skip_only_skippable_open_steps_and_skipped_counts_toward_completion() {
    let mut e = engine(BASIC, "rest");
    let tour = e.config().step_index("tour").unwrap();
    assert!(
        e.apply(Input::Skip(tour), 1).is_empty(),
        "tour is not skippable"
    );
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        100 skip invite
          {"type":"step_skipped","stepId":"invite"}
          persist
        200 check tour
          {"type":"step_completed","stepId":"tour","source":"click","elapsedMs":200}
          {"type":"first_value","startedAt":0,"reachedAt":200,"ttfvMs":200,"goalMs":null,"withinGoal":null}
          {"type":"checklist_completed","durationMs":200}
          persist
    "#]].assert_eq(&run(&mut e, "0 mount\n100 skip invite\n200 check tour"));
    assert_eq!(statuses(&e), "tour:done invite:skipped");
}

#[test]
fn default_first_value_is_every_non_skippable_step() {
    let mut e = engine(BASIC, "rest");
    expect![[r#"
        50 check tour
          {"type":"step_completed","stepId":"tour","source":"click","elapsedMs":50}
          {"type":"first_value","startedAt":0,"reachedAt":50,"ttfvMs":50,"goalMs":null,"withinGoal":null}
          persist
    "#]].assert_eq(&run(&mut e, "50 check tour"));
}

#[test]
fn first_value_by_event_and_goal_missed_once() {
    let mut e = engine(BASIC, "eventful");
    // Goal PT10M = 600000 ms.
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        599999 tick
        600000 tick
          {"type":"goal_missed","goalMs":600000,"elapsedMs":600000}
          persist
        700000 tick
        800000 track shared
          {"type":"first_value","startedAt":0,"reachedAt":800000,"ttfvMs":800000,"goalMs":600000,"withinGoal":false}
          persist
        900000 track shared
    "#]].assert_eq(&run(&mut e, "0 mount\n599999 tick\n600000 tick\n700000 tick\n800000 track shared\n900000 track shared"));
}

#[test]
fn goal_missed_is_checked_at_mount() {
    let mut e = engine(BASIC, "eventful");
    expect![[r#"
        9000000 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          {"type":"goal_missed","goalMs":600000,"elapsedMs":9000000}
          persist
    "#]]
    .assert_eq(&run(&mut e, "9000000 mount"));
}

#[test]
fn first_value_within_goal_cancels_the_deadline() {
    let mut e = engine(BASIC, "eventful");
    run(&mut e, "0 mount\n1000 track shared");
    assert_eq!(e.goal_deadline(), None);
    assert!(run(&mut e, "99999999 tick").trim_end().lines().count() == 1);
}

#[test]
fn api_complete_reports_source_api_and_is_idempotent() {
    let mut e = engine(BASIC, "pro");
    expect![[r#"
        7 complete connect
          {"type":"step_completed","stepId":"connect","source":"api","elapsedMs":7}
          persist
        8 complete connect
    "#]]
    .assert_eq(&run(&mut e, "7 complete connect\n8 complete connect"));
}

#[test]
fn action_clicks_report_href_or_event() {
    let mut e = engine(BASIC, "rest");
    expect![[r#"
        1 action tour
          {"type":"action_clicked","stepId":"tour","href":"/tour"}
        2 action invite
          {"type":"action_clicked","stepId":"invite","event":"open_invite"}
    "#]]
    .assert_eq(&run(&mut e, "1 action tour\n2 action invite"));
}

#[test]
fn dismiss_open_minimize() {
    let mut e = engine(BASIC, "pro");
    expect![[r#"
        1 dismiss
          {"type":"checklist_dismissed"}
          persist
        2 dismiss
        3 open
          {"type":"checklist_shown"}
          persist
        4 open
        5 minimize
          persist
        6 open
          {"type":"checklist_shown"}
          persist
    "#]]
    .assert_eq(&run(
        &mut e,
        "1 dismiss\n2 dismiss\n3 open\n4 open\n5 minimize\n6 open",
    ));
}

#[test]
fn reset_starts_a_new_clock_and_a_new_run() {
    let mut e = engine(BASIC, "eventful");
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        10 track shared
          {"type":"first_value","startedAt":0,"reachedAt":10,"ttfvMs":10,"goalMs":600000,"withinGoal":true}
          persist
        1000 reset
          {"type":"checklist_started","startedAt":1000}
          persist
        1500 track connected
          {"type":"step_completed","stepId":"connect","source":"event","elapsedMs":500,"rule":0}
          persist
        2000 track shared
          {"type":"first_value","startedAt":1000,"reachedAt":2000,"ttfvMs":1000,"goalMs":600000,"withinGoal":true}
          persist
    "#]].assert_eq(&run(&mut e, "0 mount\n10 track shared\n1000 reset\n1500 track connected\n2000 track shared"));
    assert_eq!(e.progress().generation, 1);
}

#[test]
fn checklist_completed_once() {
    let mut e = engine(BASIC, "pro");
    let out = run(
        &mut e,
        "1 track connected\n2 skip invite\n3 track chart_saved\n4 track chart_saved",
    );
    assert_eq!(out.matches("checklist_completed").count(), 1, "{out}");
}

#[test]
fn ttfv_is_reached_at_minus_started_at_with_an_explicit_start() {
    let mut e = engine_started_by_host(1_000, 50_000);
    e.apply(Input::Track("connected".into()), 2_000);
    let effects = e.apply(Input::Track("chart_saved".into()), 3_601_000 + 1);
    let fv = effects.iter().find_map(|x| match x {
        Effect::Notify(n @ Notice::FirstValue { .. }) => Some(n.clone()),
        _ => None,
    });
    assert_eq!(
        fv,
        Some(Notice::FirstValue {
            started_at: 1_000,
            reached_at: 3_601_001,
            ttfv_ms: 3_600_001,
            goal_ms: Some(3_600_000),
            within_goal: Some(false)
        })
    );
}

#[test]
fn state_report_has_every_spec_field() {
    let mut e = engine(BASIC, "pro");
    run(&mut e, "0 mount\n100 track connected\n200 skip invite");
    expect![[r#"{"checklistId":"acme","userId":"u1","segment":"pro","startedAt":0,"firstValueAt":null,"ttfvMs":null,"goalMs":3600000,"goalMissedAt":null,"completedAt":null,"dismissed":false,"minimized":false,"done":2,"total":3,"percent":66,"steps":[{"id":"connect","status":"done","completedAt":100},{"id":"chart","status":"open","completedAt":null},{"id":"invite","status":"skipped","completedAt":200}]}"#]].assert_eq(&e.state("u1").to_string());
}

#[test]
fn state_reports_steps_in_segment_order_with_their_own_status() {
    // "rest" lists steps 3 and 2 of the config, in that order.
    let mut e = engine(BASIC, "rest");
    run(&mut e, "0 mount\n50 skip invite");
    let state = e.state("u1").to_string();
    assert!(
        state.contains(r#""steps":[{"id":"tour","status":"open","completedAt":null},{"id":"invite","status":"skipped","completedAt":50}]"#),
        "{state}"
    );
    assert!(
        state.contains(r#""done":1,"total":2,"percent":50"#),
        "{state}"
    );
}

#[test]
fn reset_keeps_a_host_given_start() {
    let mut e = engine_started_by_host(1_000, 5_000);
    e.apply(Input::Track("connected".into()), 2_000);
    e.apply(Input::Reset, 9_000);
    assert_eq!(
        e.progress().started_at,
        1_000,
        "the host's startedAt is the clock, reset or not"
    );
    assert!(e.progress().steps.is_empty());
}

#[test]
fn a_skipped_step_can_still_be_done_and_reaches_first_value() {
    // `chart` is the first-value step of `pro`; make it skippable to skip it first.
    let text = BASIC.replace(
        r#""requires": ["connect"] },"#,
        r#""requires": ["connect"], "skippable": true },"#,
    );
    let mut e = engine(&text, "pro");
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        10 track connected
          {"type":"step_completed","stepId":"connect","source":"event","elapsedMs":10,"rule":0}
          persist
        20 skip chart
          {"type":"step_skipped","stepId":"chart"}
          persist
        30 complete chart
          {"type":"step_completed","stepId":"chart","source":"api","elapsedMs":30}
          {"type":"first_value","startedAt":0,"reachedAt":30,"ttfvMs":30,"goalMs":3600000,"withinGoal":true}
          persist
        40 complete chart
    "#]]
    .assert_eq(&run(
        &mut e,
        "0 mount\n10 track connected\n20 skip chart\n30 complete chart\n40 complete chart",
    ));
    assert_eq!(statuses(&e), "connect:done chart:done invite:open");
    // Any skippable step, not only a first-value one.
    let mut e = engine(BASIC, "pro");
    expect![[r#"
        5 skip invite
          {"type":"step_skipped","stepId":"invite"}
          persist
        6 complete invite
          {"type":"step_completed","stepId":"invite","source":"api","elapsedMs":6}
          persist
    "#]]
    .assert_eq(&run(&mut e, "5 skip invite\n6 complete invite"));
    assert_eq!(statuses(&e), "connect:open chart:locked invite:done");
}

#[test]
fn a_completeon_event_completes_a_skipped_step() {
    let text = BASIC.replace(
        r#""completeOn": ["connected"] },"#,
        r#""completeOn": ["connected"], "skippable": true },"#,
    );
    let mut e = engine(&text, "pro");
    expect![[r#"
        5 skip connect
          {"type":"step_skipped","stepId":"connect"}
          persist
        6 track connected
          {"type":"step_completed","stepId":"connect","source":"event","elapsedMs":6,"rule":0}
          persist
    "#]]
    .assert_eq(&run(&mut e, "5 skip connect\n6 track connected"));
}

#[test]
fn a_clock_that_starts_in_the_future_never_gives_a_negative_ttfv() {
    // Stored state from a device whose clock runs an hour ahead.
    let mut e = engine_started_by_host(3_600_000, 3_600_000);
    expect![[r#"
        1000 track connected
          {"type":"step_completed","stepId":"connect","source":"event","elapsedMs":0,"rule":0}
          persist
        2000 track chart_saved
          {"type":"step_completed","stepId":"chart","source":"event","elapsedMs":0,"rule":0}
          {"type":"first_value","startedAt":3600000,"reachedAt":3600000,"ttfvMs":0,"goalMs":3600000,"withinGoal":true}
          persist
    "#]]
    .assert_eq(&run(&mut e, "1000 track connected\n2000 track chart_saved"));
    // An event rule too.
    let c = super::support::config(BASIC);
    let mut e = firstvalue::core::progress::Engine::new(
        c,
        1,
        None,
        firstvalue::core::snapshot::Progress::new(500_000),
    );
    let out = run(&mut e, "1000 track shared");
    assert!(
        out.contains(r#""startedAt":500000,"reachedAt":500000,"ttfvMs":0"#),
        "{out}"
    );
}

#[test]
fn a_user_in_no_segment_reports_no_segment_and_no_steps() {
    expect![[r#"{"checklistId":"acme","userId":"staff_1","segment":null,"startedAt":null,"firstValueAt":null,"ttfvMs":null,"goalMs":null,"goalMissedAt":null,"completedAt":null,"dismissed":false,"minimized":false,"done":0,"total":0,"percent":0,"steps":[]}"#]]
    .assert_eq(&firstvalue::core::state::unmatched("acme", "staff_1").to_string());
}
