//! Resolving traits to a segment.

use super::support::config;
use firstvalue::core::json::Value;
use firstvalue::core::parse_json;
use firstvalue::core::segment::{resolve, ResolveError};

/// The segment id `traits` (JSON) resolves to, given segments' `match` objects in order.
fn resolved(matches: &[&str], traits: &str) -> String {
    let segments: Vec<String> = matches
        .iter()
        .enumerate()
        .map(|(i, m)| format!(r#"{{"id":"s{i}","match":{m},"steps":["a"],"ttfvGoal":"P1D"}}"#))
        .collect();
    let c = config(&format!(
        r#"{{"version":1,"id":"c","title":"T","steps":[{{"id":"a","title":"A"}}],"segments":[{}]}}"#,
        segments.join(",")
    ));
    let traits = parse_json(traits).unwrap();
    match resolve(&c, &traits, None) {
        Ok(i) => c.segments[i].id.0.clone(),
        Err(e) => format!("{e:?}"),
    }
}

#[test]
fn equality_and_first_match_wins() {
    assert_eq!(
        resolved(
            &[r#"{"plan":"enterprise"}"#, "{}"],
            r#"{"plan":"enterprise"}"#
        ),
        "s0"
    );
    assert_eq!(
        resolved(&[r#"{"plan":"enterprise"}"#, "{}"], r#"{"plan":"free"}"#),
        "s1"
    );
    assert_eq!(
        resolved(
            &["{}", r#"{"plan":"enterprise"}"#],
            r#"{"plan":"enterprise"}"#
        ),
        "s0"
    );
}

#[test]
fn all_conditions_must_hold() {
    let m = [r#"{"plan":"enterprise","role":"admin"}"#, "{}"];
    assert_eq!(
        resolved(&m, r#"{"plan":"enterprise","role":"admin"}"#),
        "s0"
    );
    assert_eq!(
        resolved(&m, r#"{"plan":"enterprise","role":"viewer"}"#),
        "s1"
    );
}

#[test]
fn any_of_arrays_and_in() {
    for m in [
        r#"{"plan":["pro","team"]}"#,
        r#"{"plan":{"in":["pro","team"]}}"#,
    ] {
        assert_eq!(resolved(&[m, "{}"], r#"{"plan":"team"}"#), "s0");
        assert_eq!(resolved(&[m, "{}"], r#"{"plan":"free"}"#), "s1");
        assert_eq!(resolved(&[m, "{}"], r#"{}"#), "s1");
    }
}

#[test]
fn comparisons_with_numbers_and_numeric_strings() {
    let m = [
        r#"{"seats":{"gte":100}}"#,
        r#"{"seats":{"gt":10,"lt":100}}"#,
        r#"{"seats":{"lte":10}}"#,
        "{}",
    ];
    assert_eq!(resolved(&m, r#"{"seats":100}"#), "s0");
    assert_eq!(resolved(&m, r#"{"seats":"120"}"#), "s0");
    assert_eq!(resolved(&m, r#"{"seats":99.5}"#), "s1");
    assert_eq!(resolved(&m, r#"{"seats":10}"#), "s2");
    assert_eq!(resolved(&m, r#"{"seats":"ten"}"#), "s3");
    assert_eq!(resolved(&m, r#"{"seats":true}"#), "s3");
    assert_eq!(resolved(&m, r#"{}"#), "s3");
}

#[test]
fn string_comparisons_are_lexicographic() {
    let m = [r#"{"signup":{"gte":"2026-01-01"}}"#, "{}"];
    assert_eq!(resolved(&m, r#"{"signup":"2026-03-04"}"#), "s0");
    assert_eq!(resolved(&m, r#"{"signup":"2025-12-31"}"#), "s1");
    assert_eq!(resolved(&m, r#"{"signup":20260101}"#), "s1");
}

#[test]
fn number_equals_numeric_string_both_ways() {
    assert_eq!(resolved(&[r#"{"tier":2}"#, "{}"], r#"{"tier":"2"}"#), "s0");
    assert_eq!(
        resolved(&[r#"{"tier":"2"}"#, "{}"], r#"{"tier":2.0}"#),
        "s0"
    );
    assert_eq!(
        resolved(&[r#"{"tier":"2"}"#, "{}"], r#"{"tier":"02x"}"#),
        "s1"
    );
    assert_eq!(
        resolved(&[r#"{"beta":true}"#, "{}"], r#"{"beta":"true"}"#),
        "s1"
    );
}

#[test]
fn exists() {
    let m = [
        r#"{"company":{"exists":true}}"#,
        r#"{"company":{"exists":false}}"#,
    ];
    assert_eq!(resolved(&m, r#"{"company":"Acme"}"#), "s0");
    assert_eq!(resolved(&m, r#"{"company":null}"#), "s1");
    assert_eq!(resolved(&m, r#"{}"#), "s1");
}

#[test]
fn no_match_and_no_traits() {
    assert_eq!(
        resolved(&[r#"{"plan":"pro"}"#], r#"{"plan":"free"}"#),
        "NoMatch"
    );
    assert_eq!(resolved(&[r#"{"plan":"pro"}"#, "{}"], "null"), "s1");
}

#[test]
fn forced_segment_by_id() {
    let c = config(super::support::BASIC);
    assert_eq!(resolve(&c, &Value::Null, Some("eventful")), Ok(1));
    assert_eq!(
        resolve(&c, &Value::Null, Some("nope")),
        Err(ResolveError::UnknownSegment("nope".into()))
    );
}

/// Experiment assignment (issue 25): the same arm every time, each arm within ±1% of its
/// weight over 100,000 users, and independent of the experiment's name across experiments.
#[test]
fn experiment_assignment_is_deterministic_and_follows_the_weights() {
    use firstvalue::core::experiment::assign;
    let weights = [10.0, 45.0, 45.0];
    let mut counts = [0usize; 3];
    for i in 0..100_000 {
        let user = format!("u{i}");
        let arm = assign("team-2026-12", &user, &weights).unwrap();
        assert_eq!(assign("team-2026-12", &user, &weights), Some(arm));
        counts[arm] += 1;
    }
    for (arm, (&n, &w)) in counts.iter().zip(&weights).enumerate() {
        let share = n as f64 / 100_000.0;
        assert!(
            (share - w / 100.0).abs() <= 0.01,
            "arm {arm}: {share} for weight {w}"
        );
    }
    // Two experiments split users independently: about half of one arm of a 50/50 split is
    // in each arm of another.
    let both = (0..100_000)
        .filter(|i| {
            let user = format!("u{i}");
            assign("a", &user, &[1.0, 1.0]) == Some(0) && assign("b", &user, &[1.0, 1.0]) == Some(0)
        })
        .count();
    assert!((both as f64 / 100_000.0 - 0.25).abs() <= 0.01, "{both}");
}
