//! Interventions with scripted clocks: snooze, re-show, stalled, at risk, the help offer.

use super::support::{config, problems, run};
use expect_test::expect;
use firstvalue::core::progress::{Engine, Input};
use firstvalue::core::snapshot::Progress;

const NUDGES: &str = r#"{
  "version": 1, "id": "n", "title": "Nudges", "snoozeOptions": ["PT1H", "P1D"],
  "steps": [
    { "id": "a", "title": "A", "completeOn": ["did_a"] },
    { "id": "b", "title": "B", "completeOn": ["did_b"] },
    { "id": "c", "title": "C", "completeOn": ["did_c"] }
  ],
  "segments": [
    { "id": "s", "steps": ["a", "b", "c"], "firstValue": { "steps": ["c"] },
      "ttfvGoal": "PT10H", "atRisk": 0.5, "stalledAfter": "PT2H", "reshowAfter": "PT3H",
      "help": { "title": "Stuck? Book a call", "action": { "label": "Book", "event": "book_call" } },
      "showHelpOn": ["stalled", "at_risk"] }
  ]
}"#;

const H: u64 = 3_600_000;

fn engine() -> Engine {
    Engine::new(config(NUDGES), 0, None, Progress::new(0))
}

fn script(lines: &[(u64, &str)]) -> String {
    lines
        .iter()
        .map(|(t, what)| format!("{t} {what}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn stalled_once_per_idle_period_then_at_risk_before_missed() {
    let mut e = engine();
    let log = run(
        &mut e,
        &script(&[
            (0, "mount"),
            (H, "tick"),
            (2 * H, "tick"),
            (2 * H + 1, "tick"),
            (3 * H, "track did_a"),
            (5 * H, "tick"),
            (6 * H, "tick"),
            (10 * H, "tick"),
        ]),
    );
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        3600000 tick
        7200000 tick
          {"type":"checklist_stalled","idleMs":7200000,"openSteps":3}
          persist
        7200001 tick
        10800000 track did_a
          {"type":"step_completed","stepId":"a","source":"event","elapsedMs":10800000,"rule":0}
          persist
        18000000 tick
          {"type":"checklist_stalled","idleMs":7200000,"openSteps":2}
          {"type":"goal_at_risk","goalMs":36000000,"elapsedMs":18000000,"openSteps":2}
          persist
        21600000 tick
        36000000 tick
          {"type":"goal_missed","goalMs":36000000,"elapsedMs":36000000}
          persist
    "#]]
    .assert_eq(&log);
    assert!(e.help_shown(), "stalled this period, and at risk");
}

#[test]
fn next_wake_names_the_next_nudge() {
    let mut e = engine();
    e.apply(Input::Mount, 0);
    assert_eq!(e.next_wake(), Some(2 * H), "stalled first");
    e.apply(Input::Tick, 2 * H);
    assert_eq!(e.next_wake(), Some(5 * H), "then at risk");
    e.apply(Input::Tick, 5 * H);
    assert_eq!(e.next_wake(), Some(10 * H), "then the goal");
    e.apply(Input::Track("did_c".into()), 6 * H);
    assert_eq!(e.next_wake(), None, "first value: nothing more to nudge");
    assert!(!e.help_shown());
}

#[test]
fn snooze_hides_until_its_time_and_open_ends_it_early() {
    let mut e = engine();
    let log = run(
        &mut e,
        &script(&[
            (0, "mount"),
            (10, "snooze 3600000"),
            (H, "tick"),
            (H + 10, "tick"),
        ]),
    );
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        10 snooze 3600000
          {"type":"checklist_snoozed","until":3600010}
          persist
        3600000 tick
        3600010 tick
          {"type":"checklist_shown"}
          persist
    "#]]
    .assert_eq(&log);
    let mut e = engine();
    e.apply(Input::Snooze(H), 0);
    assert!(e.hidden_by_user());
    assert_eq!(e.next_wake(), Some(H));
    e.apply(Input::Open, 5);
    assert!(!e.hidden_by_user() && !e.snoozed());
    // A snooze survives a reload, and another tab's later snooze wins.
    let mut a = engine();
    a.apply(Input::Snooze(H), 100);
    let mut b = Engine::new(config(NUDGES), 0, None, a.progress().clone());
    assert!(b.snoozed());
    b.apply(Input::Snooze(2 * H), 200);
    a.apply(Input::Merge(b.progress().clone()), 300);
    assert_eq!(a.progress().snoozed.until, 2 * H + 200);
}

#[test]
fn a_dismissed_checklist_is_reshown_once_unless_first_value() {
    let mut e = engine();
    let log = run(
        &mut e,
        &script(&[
            (0, "mount"),
            (H, "dismiss"),
            (2 * H, "tick"),
            (4 * H, "tick"),
            (5 * H, "tick"),
        ]),
    );
    expect![[r#"
        0 mount
          {"type":"checklist_started","startedAt":0}
          {"type":"checklist_shown"}
          persist
        3600000 dismiss
          {"type":"checklist_dismissed"}
          persist
        7200000 tick
          {"type":"checklist_stalled","idleMs":7200000,"openSteps":3}
          persist
        14400000 tick
          {"type":"checklist_reshown"}
          persist
        18000000 tick
          {"type":"goal_at_risk","goalMs":36000000,"elapsedMs":18000000,"openSteps":3}
          persist
    "#]]
    .assert_eq(&log);
    let mut done = engine();
    run(
        &mut done,
        &script(&[(0, "mount"), (1, "track did_c"), (2, "dismiss")]),
    );
    assert_eq!(done.next_wake(), None);
    assert!(
        done.apply(Input::Tick, 10 * H).is_empty(),
        "first value reached: stays dismissed"
    );
}

#[test]
fn nudges_are_claimed_once_across_tabs_and_survive_reloads() {
    use firstvalue::core::progress::Effect;
    use firstvalue::core::Notice;
    let mut a = engine();
    a.apply(Input::Tick, 2 * H);
    let claims: Vec<String> = a
        .apply(Input::Tick, 5 * H)
        .iter()
        .chain(
            Engine::new(config(NUDGES), 0, None, Progress::new(0))
                .apply(Input::Tick, 2 * H)
                .iter(),
        )
        .filter_map(|e| match e {
            Effect::Notify(n) => n.claim(),
            _ => None,
        })
        .collect();
    assert_eq!(claims, ["goal_at_risk", "checklist_stalled:0"]);
    // A reload of a's state: neither fires again.
    let mut b = Engine::new(config(NUDGES), 0, None, a.progress().clone());
    assert!(!b.apply(Input::Tick, 6 * H).iter().any(|e| matches!(
        e,
        Effect::Notify(Notice::Stalled { .. } | Notice::AtRisk { .. })
    )));
}

#[test]
fn the_help_action_is_an_action_click_without_a_step() {
    let mut e = engine();
    expect![[r#"
        5 help
          {"type":"action_clicked","stepId":null,"help":true,"event":"book_call"}
    "#]]
    .assert_eq(&run(&mut e, "5 help"));
}

#[test]
fn nudge_config_errors() {
    expect![[r#"
        E snoozeOptions[0]: "soon" is not an ISO 8601 duration such as "P14D" or "PT30M"
        E segments[0].atRisk: a fraction of the goal is between 0 and 1, such as 0.5
        E segments[3].showHelpOn[0]: must be "stalled" or "at_risk" or "missed", not "late"
        E segments[3].help: missing required key "title"
        E segments[1].atRisk: is not before the goal: at risk must come earlier than "ttfvGoal"
        E segments[2].atRisk: needs a "ttfvGoal" to be at risk of
        W segments[1]: segment "v" can never match: segments[0] before it matches everyone
        W segments[2]: segment "w" has no "ttfvGoal": TTFV is measured but never judged late
        W segments[2]: segment "w" can never match: segments[0] before it matches everyone
        W segments[3]: segment "x" can never match: segments[0] before it matches everyone
    "#]]
    .assert_eq(&problems(
        r#"{"version":1,"id":"c","title":"T","snoozeOptions":["soon"],"steps":[{"id":"a","title":"A"}],
        "segments":[
          {"id":"u","steps":["a"],"ttfvGoal":"P1D","atRisk":1.5},
          {"id":"v","steps":["a"],"ttfvGoal":"P1D","atRisk":"P2D"},
          {"id":"w","steps":["a"],"atRisk":"PT1H"},
          {"id":"x","steps":["a"],"ttfvGoal":"P1D","showHelpOn":["late"],"help":{"description":"d"}}]}"#,
    ));
}
