//! Completion rules: counted, windowed and filtered events, pages, clicks, groups,
//! `showIf`, account-scoped steps and first value by rule.

use super::support::{config, problems, run, statuses};
use expect_test::expect;
use firstvalue::core::json::Value;
use firstvalue::core::progress::{Effect, Engine, Input};
use firstvalue::core::rule::glob;
use firstvalue::core::snapshot::Progress;
use firstvalue::core::Notice;
use proptest::prelude::*;

const RULES: &str = r##"{
  "version": 1, "id": "acme", "title": "Get started",
  "steps": [
    { "id": "charts", "title": "Save three charts",
      "completeOn": [{ "event": "chart_saved", "count": 3 }] },
    { "id": "burst", "title": "Three in a minute",
      "completeOn": [{ "event": "query_run", "count": 3, "within": "PT1M" }] },
    { "id": "big_bar", "title": "A big bar chart",
      "completeOn": [{ "event": "chart_saved", "where": { "kind": "bar", "rows": { "gte": 100 } } }] },
    { "id": "reports", "title": "Visit reports", "completeOn": [{ "page": "/reports/*" }] },
    { "id": "invite", "title": "Invite", "completeOn": ["invited", { "click": "[data-onboarding=invite]" }] },
    { "id": "tour", "title": "Tour and settings",
      "completeOn": [{ "all": [{ "page": "/settings" }, { "any": ["tour_done", { "click": "#tour" }] }] }] },
    { "id": "sso", "title": "Set up SSO", "completeOn": ["sso_enabled"],
      "showIf": { "role": "admin" } },
    { "id": "audit", "title": "Read the audit log", "requires": ["sso"] }
  ],
  "segments": [
    { "id": "all", "steps": ["charts", "burst", "big_bar", "reports", "invite", "tour", "sso", "audit"],
      "firstValue": { "event": "chart_saved", "count": 2 }, "ttfvGoal": "P1D" }
  ]
}"##;

fn engine(traits: &str) -> Engine {
    let traits = firstvalue::core::parse_json(traits).unwrap();
    Engine::for_user(config(RULES), 0, None, Progress::new(0), &traits, None)
}

#[test]
fn a_counted_rule_completes_on_the_nth_event_and_first_value_by_rule_on_its_own_count() {
    let mut e = engine("{}");
    expect![[r#"
        1 track chart_saved
          persist
        2 track chart_saved
          {"type":"first_value","startedAt":0,"reachedAt":2,"ttfvMs":2,"goalMs":86400000,"withinGoal":true}
          persist
        3 track chart_saved
          {"type":"step_completed","stepId":"charts","source":"event","elapsedMs":3,"rule":0}
          persist
        4 track chart_saved
    "#]]
    .assert_eq(&run(&mut e, "1 track chart_saved\n2 track chart_saved\n3 track chart_saved\n4 track chart_saved"));
    // Done and reached: nothing left to count.
    assert!(
        e.progress().tallies.is_empty(),
        "{:?}",
        e.progress().tallies
    );
}

#[test]
fn a_window_rule_needs_the_count_within_one_window() {
    let mut e = engine("{}");
    let log = run(
        &mut e,
        "0 track query_run\n30000 track query_run\n90000 track query_run\n100000 track query_run\n120000 track query_run",
    );
    expect![[r#"
        0 track query_run
          persist
        30000 track query_run
          persist
        90000 track query_run
          persist
        100000 track query_run
          persist
        120000 track query_run
          {"type":"step_completed","stepId":"burst","source":"event","elapsedMs":120000,"rule":0}
          persist
    "#]]
    .assert_eq(&log);
}

#[test]
fn where_filters_on_the_event_properties() {
    let mut e = engine("{}");
    let log = run(
        &mut e,
        r#"1 track chart_saved {"kind":"line","rows":500}
2 track chart_saved {"kind":"bar","rows":"99"}
3 track chart_saved {"kind":"bar","rows":"120"}"#,
    );
    expect![[r#"
        1 track chart_saved {"kind":"line","rows":500}
          persist
        2 track chart_saved {"kind":"bar","rows":"99"}
          {"type":"first_value","startedAt":0,"reachedAt":2,"ttfvMs":2,"goalMs":86400000,"withinGoal":true}
          persist
        3 track chart_saved {"kind":"bar","rows":"120"}
          {"type":"step_completed","stepId":"charts","source":"event","elapsedMs":3,"rule":0}
          {"type":"step_completed","stepId":"big_bar","source":"event","elapsedMs":3,"rule":0}
          persist
    "#]]
    .assert_eq(&log);
}

#[test]
fn pages_clicks_and_groups() {
    let mut e = engine("{}");
    let log = run(
        &mut e,
        "1 page /reports\n2 page https://app.example.com/reports/7?tab=1#x\n3 click [data-onboarding=invite]\n4 page /settings/\n5 click #tour",
    );
    expect![[r#"
        1 page /reports
        2 page https://app.example.com/reports/7?tab=1#x
          {"type":"step_completed","stepId":"reports","source":"page","elapsedMs":2,"rule":0}
          persist
        3 click [data-onboarding=invite]
          {"type":"step_completed","stepId":"invite","source":"click_target","elapsedMs":3,"rule":1}
          persist
        4 page /settings/
          persist
        5 click #tour
          {"type":"step_completed","stepId":"tour","source":"click_target","elapsedMs":5,"rule":0}
          persist
    "#]]
    .assert_eq(&log);
    assert_eq!(e.clicks(), ["[data-onboarding=invite]", "#tour"]);
    assert!(e.watches_pages());
}

#[test]
fn globs() {
    for (pattern, page, hit) in [
        ("/reports/*", "/reports/1", true),
        ("/reports/*", "/reports/", false),
        ("/reports/*", "/reports/1/edit", false),
        ("/reports/**", "/reports/1/edit", true),
        ("/reports", "/reports/", true),
        ("/reports", "/reportsx", false),
        ("/a/*/c", "/a/b/c", true),
        ("/a/*/c", "/a/b/x/c", false),
        ("/#/reports/*", "/#/reports/9", true),
        ("/#/reports/*", "/reports/9", false),
        ("/", "https://x.io", true),
        ("/**", "/anything/at/all", true),
    ] {
        assert_eq!(glob(pattern, page), hit, "{pattern} on {page}");
    }
}

#[test]
fn show_if_hides_a_step_from_view_counts_requires_and_first_value() {
    let member = engine(r#"{"role":"member"}"#);
    expect![[r#"charts:open burst:open big_bar:open reports:open invite:open tour:open sso:hidden audit:open"#]]
        .assert_eq(&statuses(&member));
    assert_eq!(member.counts(), (0, 7));
    let admin = engine(r#"{"role":"admin"}"#);
    expect![[r#"charts:open burst:open big_bar:open reports:open invite:open tour:open sso:open audit:locked"#]]
        .assert_eq(&statuses(&admin));
    assert_eq!(admin.counts(), (0, 8));
    // Neither complete() nor its event finishes a hidden step.
    let mut member = member;
    let sso = member.step("sso").unwrap();
    assert!(member.apply(Input::Complete(sso), 5).is_empty());
    assert!(member
        .apply(Input::Track("sso_enabled".into()), 6)
        .is_empty());
    let state = member.state("u1").to_string();
    assert!(
        state.contains(r#"{"id":"sso","status":"hidden","completedAt":null}"#),
        "{state}"
    );
    assert!(state.contains(r#""total":7"#), "{state}");
}

#[test]
fn show_if_and_first_value_hidden_steps_warn() {
    expect![[r#"
        W segments[0].firstValue.steps[0]: step "a" has "showIf": a user it is hidden from reaches first value without it
    "#]]
    .assert_eq(&problems(
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A","showIf":{"account.plan":"team"}},{"id":"b","title":"B"}],
            "segments":[{"id":"s","steps":["a","b"],"firstValue":{"steps":["a"]},"ttfvGoal":"P1D"}]}"#,
    ));
}

#[test]
fn invalid_rules_are_located() {
    expect![[r#"
        E steps[0].scope: must be "user" or "account", not "acount"
        E steps[0].completeOn[0].within: "within" needs "count": how many times within the window (for example "count": 3, "within": "P7D")
        E steps[0].completeOn[1].where.rows.gtee: unknown operator "gtee" (did you mean "gte"?); operators are gte, gt, lte, lt, in, exists
        E steps[0].completeOn[2].page: a page pattern is a path starting with "/", for example "/reports/*"
        E steps[0].completeOn[3].click: "button[data-x" is not a valid CSS selector: a bracket is not closed: "]" is missing
        E steps[0].completeOn[4].evnt: unknown key "evnt"
        E steps[0].completeOn[5]: a rule needs one of "event", "page", "click", "all", "any" (did you mean "event"?)
        E steps[0].completeOn[6]: a rule has one kind: put several in "all" or "any"
        E steps[0].completeOn[7].count: must be a whole number from 1 to 100
        E steps[0].completeOn[8].all: list at least one rule
        E steps[0].completeOn[10]: must be an event name or a rule object, not a number
        E steps[0].completeOn[11].within: "P1M" uses months: they have no fixed length, so write the goal in days (for example "P30D")
        E segments[0].firstValue.page: a page pattern matches the path, not the query: leave out "?…"
    "#]]
    .assert_eq(&problems(
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A","scope":"acount","completeOn":[
          {"event":"x","within":"P1D"},
          {"event":"x","where":{"rows":{"gtee":1}}},
          {"page":"reports/*"},
          {"click":"button[data-x"},
          {"page":"/a","evnt":"x"},
          {"evnt":"x"},
          {"event":"x","page":"/a"},
          {"event":"x","count":0},
          {"all":[]},
          {"any":[{"all":[{"any":[{"all":["x"]}]}]}]},
          42,
          {"event":"x","count":2,"within":"P1M"}
        ]}],
        "segments":[{"id":"s","steps":["a"],"firstValue":{"page":"/a?b"},"ttfvGoal":"P1D"}]}"#,
    ));
}

#[test]
fn a_step_done_by_two_tabs_counts_together_and_is_claimed() {
    let mut a = engine("{}");
    let mut b = engine("{}");
    a.set_tag(1000);
    b.set_tag(2000);
    a.apply(Input::Track("chart_saved".into()), 10);
    b.apply(Input::Track("chart_saved".into()), 20);
    // The same event seen twice (a merge of a merge) is still one.
    let mut c = a.clone();
    c.apply(Input::Merge(a.progress().clone()), 21);
    assert!(!c.progress().steps.contains_key("charts"));
    let effects = a.apply(Input::Merge(b.progress().clone()), 30);
    assert!(!a.progress().steps.contains_key("charts"), "2 of 3");
    assert!(effects.iter().any(|e| matches!(e,
        Effect::Notify(n @ Notice::FirstValue { reached_at: 20, .. }) if n.claim().as_deref() == Some("first_value"))));
    b.apply(Input::Track("chart_saved".into()), 40);
    let effects = a.apply(Input::Merge(b.progress().clone()), 50);
    let done = effects.iter().find_map(|e| match e {
        Effect::Notify(n @ Notice::StepCompleted { .. }) => Some(n.clone()),
        _ => None,
    });
    let done = done.expect("completed by the merge");
    assert_eq!(done.claim().as_deref(), Some("step_completed:charts"));
    assert_eq!(
        a.progress().steps["charts"].at,
        40,
        "when the third happened"
    );
}

#[test]
fn tallies_round_trip_and_a_version_1_snapshot_migrates() {
    let mut e = engine("{}");
    e.set_tag(7);
    run(&mut e, "5 track chart_saved\n6 page /settings");
    let text = e.progress().encode().to_string();
    assert!(text.contains(r#""k":{"#) && text.contains("5,8"), "{text}");
    let back = Progress::decode(&firstvalue::core::parse_json(&text).unwrap()).unwrap();
    assert_eq!(back, *e.progress());
    let v1 = r#"{"v":1,"g":0,"s":0,"d":{"charts":[100,"d","e"]},"cs":0,"fv":null,"gm":null,"cc":null,"dm":[false,0],"mn":[false,0]}"#;
    let old = Progress::decode(&firstvalue::core::parse_json(v1).unwrap()).unwrap();
    assert!(old.tallies.is_empty() && old.steps.contains_key("charts"));
    let newer = r#"{"v":3,"s":0}"#;
    assert!(Progress::decode(&firstvalue::core::parse_json(newer).unwrap()).is_err());
}

const ACCOUNT: &str = r#"{
  "version": 1, "id": "acme", "title": "Get started",
  "steps": [
    { "id": "billing", "title": "Add billing", "completeOn": ["billing_added"], "scope": "account" },
    { "id": "seats", "title": "Ten seats", "completeOn": [{ "event": "seat_added", "count": 2 }], "scope": "account" },
    { "id": "profile", "title": "Profile", "completeOn": ["profile_done"] }
  ],
  "segments": [{ "id": "team", "match": { "account.plan": "team" }, "steps": ["billing", "seats", "profile"],
                 "firstValue": { "steps": ["billing", "profile"] }, "ttfvGoal": "P7D" }]
}"#;

#[test]
fn an_account_step_done_by_one_member_is_done_for_all() {
    let c = config(ACCOUNT);
    let traits = firstvalue::core::segment::with_account(
        &Value::Null,
        &firstvalue::core::parse_json(r#"{"plan":"team"}"#).unwrap(),
    );
    assert_eq!(firstvalue::core::segment::resolve(&c, &traits, None), Ok(0));
    let new = |tag| {
        let mut e = Engine::for_user(
            c.clone(),
            0,
            None,
            Progress::new(0),
            &traits,
            Some(Progress::new(0)),
        );
        e.set_tag(tag);
        e
    };
    let (mut ann, mut bob) = (new(1), new(1 << 20));
    let effects = ann.apply(Input::Track("billing_added".into()), 10);
    assert!(effects.contains(&Effect::PersistAccount));
    assert!(
        !ann.progress().steps.contains_key("billing"),
        "kept in the account's progress"
    );
    bob.apply(Input::Track("seat_added".into()), 11);
    ann.apply(Input::Track("seat_added".into()), 12);
    // Bob learns what the account did: both steps done, no step_completed for him.
    let effects = bob.apply(Input::MergeAccount(ann.account().unwrap().clone()), 20);
    assert!(!effects.iter().any(
        |e| matches!(e, Effect::Notify(Notice::StepCompleted { step, .. }) if step == "billing")
    ));
    assert!(effects.iter().any(|e| matches!(e, Effect::Notify(Notice::StepCompleted { step, shared: true, .. }) if step == "seats")));
    expect!["billing:done seats:done profile:open"].assert_eq(&statuses(&bob));
    let effects = bob.apply(Input::Track("profile_done".into()), 30);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::Notify(Notice::FirstValue { reached_at: 30, .. }))));
    // A reset is this user's: the account's steps stay done.
    bob.apply(Input::Reset, 40);
    expect!["billing:done seats:done profile:open"].assert_eq(&statuses(&bob));
    // Without an account, an account step is the user's own.
    let mut solo = Engine::for_user(c.clone(), 0, None, Progress::new(0), &traits, None);
    solo.apply(Input::Track("billing_added".into()), 10);
    assert!(solo.progress().steps.contains_key("billing"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Tabs and reloads in any interleaving, with syncs at any time: a counted rule is
    /// done in a tab exactly when the distinct events that tab has heard of reach the
    /// count (never by counting one twice, never losing one).
    #[test]
    fn counting_is_the_same_whatever_the_interleaving(
        ops in proptest::collection::vec((0u8..4, 0usize..3, 0usize..3), 1..60),
        tags in proptest::collection::vec(any::<u32>(), 3),
    ) {
        let c = config(RULES);
        let fresh = |p: Progress, tag: u32| {
            let mut e = Engine::for_user(c.clone(), 0, None, p, &Value::Null, None);
            e.set_tag(tag);
            e
        };
        let mut tabs: Vec<(Engine, std::collections::BTreeSet<u32>)> =
            tags.iter().map(|&t| (fresh(Progress::new(0), t), Default::default())).collect();
        let mut next = 0u32;
        let mut reloads = 0u32;
        for (t, (op, a, b)) in ops.into_iter().enumerate() {
            let now = t as u64 * 10;
            match op {
                0 | 1 => {
                    next += 1;
                    tabs[a].0.apply(Input::Track("chart_saved".into()), now);
                    tabs[a].1.insert(next);
                }
                2 => {
                    let (p, known) = (tabs[b].0.progress().clone(), tabs[b].1.clone());
                    tabs[a].0.apply(Input::Merge(p), now);
                    tabs[a].1.extend(known);
                }
                _ => {
                    reloads += 1;
                    let p = tabs[a].0.progress().clone();
                    tabs[a].0 = fresh(p, tags[a] ^ reloads.wrapping_mul(0x9e37_79b9));
                }
            }
            for (e, known) in &tabs {
                let done = e.progress().steps.contains_key("charts");
                prop_assert_eq!(done, known.len() >= 3, "heard of {} events", known.len());
                prop_assert_eq!(e.progress().first_value_at.is_some(), known.len() >= 2);
            }
        }
    }

    /// One tab: a window rule completes exactly at the first event that makes `count`
    /// events within one window, as a brute-force scan finds it.
    #[test]
    fn a_window_rule_fires_exactly_when_the_nth_event_falls_within_the_window(
        gaps in proptest::collection::vec(0u64..40_000, 1..40),
    ) {
        let mut e = engine("{}");
        let mut times: Vec<u64> = Vec::new();
        let mut now = 0;
        for gap in gaps {
            now += gap;
            times.push(now);
            let effects = e.apply(Input::Track("query_run".into()), now);
            let fired = effects.iter().any(|x| matches!(x, Effect::Notify(Notice::StepCompleted { step, .. }) if step == "burst"));
            let k = times.len();
            let now_held = k >= 3 && times[k - 1] - times[k - 3] <= 60_000;
            let held_before = (3..k).any(|j| times[j - 1] - times[j - 3] <= 60_000);
            prop_assert_eq!(fired, now_held && !held_before, "times {:?}", times);
        }
    }
}
