//! Validation rules: one test per rule, each shows every problem with its path.

use super::support::{problems, BASIC};
use expect_test::{expect, Expect};

fn check(config: &str, expect: Expect) {
    expect.assert_eq(&problems(config));
}

/// A config with one step `a` and `extra` spliced into the root object.
fn with(extra: &str) -> String {
    format!(r#"{{"version":1,"id":"c","title":"T","steps":[{{"id":"a","title":"A"}}]{extra}}}"#)
}

/// A config with one step per href, each with a link action.
fn with_hrefs(hrefs: &[&str]) -> String {
    let steps: Vec<String> = hrefs
        .iter()
        .enumerate()
        .map(|(i, h)| {
            format!(r#"{{"id":"s{i}","title":"S","action":{{"label":"Go","href":"{h}"}}}}"#)
        })
        .collect();
    format!(
        r#"{{"version":1,"id":"c","title":"T","steps":[{}]}}"#,
        steps.join(",")
    )
}

#[test]
fn spec_example_is_valid() {
    check(include_str!("../fixtures/spec-example.json"), expect![[""]]);
}

#[test]
fn basic_fixture_is_valid() {
    check(
        BASIC,
        expect![[r#"
        W segments[2]: segment "rest" has no "ttfvGoal": TTFV is measured but never judged late
    "#]],
    );
}

#[test]
fn not_an_object() {
    check(
        "[]",
        expect![[r#"
        E must be an object, not an array
    "#]],
    );
}

#[test]
fn missing_required_keys() {
    check(
        "{}",
        expect![[r#"
        E missing required key "version"
        E missing required key "id"
        E missing required key "title"
        E missing required key "steps"
    "#]],
    );
}

#[test]
fn unknown_keys_everywhere_with_suggestions() {
    check(
        r#"{"version":1,"id":"c","title":"T","titel":"x",
            "steps":[{"id":"a","title":"A","complete_on":["x"],"action":{"label":"L","href":"/x","target":"_blank"}}],
            "segments":[{"id":"s","steps":["a"],"firstvalue":{}}],"text":{"progres":"x"}}"#,
        expect![[r#"
            E titel: unknown key "titel"
            E steps[0].complete_on: unknown key "complete_on" (did you mean "completeOn"?)
            E steps[0].action.target: unknown key "target"
            E segments[0].firstvalue: unknown key "firstvalue" (did you mean "firstValue"?)
            E text.progres: unknown key "progres" (did you mean "progress"?)
            W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
        "#]],
    );
}

#[test]
fn wrong_types() {
    check(
        r#"{"version":"1","id":7,"title":["T"],"steps":{"a":1},"segments":[{"id":"s","steps":"a","ttfvGoal":30}]}"#,
        expect![[r#"
            E version: must be the number 1, not a string
            E id: must be a string, not a number
            E title: must be a string, not an array
            E steps: must be an array, not an object
            E segments[0].steps: must be an array, not a string
            E segments[0].ttfvGoal: must be a string, not a number
        "#]],
    );
}

#[test]
fn unknown_version() {
    check(
        &with("").replace("\"version\":1", "\"version\":2"),
        expect![[r#"
        E version: unsupported version 2: this firstvalue reads version 1
    "#]],
    );
}

#[test]
fn malformed_ids() {
    check(
        r#"{"version":1,"id":"Acme Onboarding","title":"T","steps":[{"id":"","title":"A"},{"id":"Build-Chart","title":"B"}]}"#,
        expect![[r#"
            E id: id "Acme Onboarding" has "A": ids use lowercase letters, digits, "_" and "-"
            E steps[0].id: an id must not be empty
            E steps[1].id: id "Build-Chart" has "B": ids use lowercase letters, digits, "_" and "-"
        "#]],
    );
}

#[test]
fn duplicate_ids() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A"},{"id":"a","title":"A2"}],
            "segments":[{"id":"s","steps":["a"]},{"id":"s","steps":["a"]}]}"#,
        expect![[r#"
            E steps[1].id: duplicate step id "a" (first at steps[0])
            E segments[1].id: duplicate segment id "s" (first at segments[0])
            W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[1]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[1]: segment "s" can never match: segments[0] before it matches everyone
            W steps[1]: step "a" is in no segment
        "#]],
    );
}

#[test]
fn unknown_step_references() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[
            {"id":"connect_data","title":"A"},
            {"id":"chart","title":"B","requires":["conect_data"]}],
            "segments":[{"id":"s","steps":["connect_data","chart","nope"]}]}"#,
        expect![[r#"
            E steps[1].requires[0]: unknown step "conect_data" (did you mean "connect_data"?)
            E segments[0].steps[2]: unknown step "nope"
            W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
        "#]],
    );
}

#[test]
fn requires_cycles_are_named() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[
            {"id":"a","title":"A","requires":["c"]},
            {"id":"b","title":"B","requires":["a"]},
            {"id":"c","title":"C","requires":["b"]},
            {"id":"d","title":"D","requires":["d"]}]}"#,
        expect![[r#"
            E steps[3].requires[0]: step "d" cannot require itself
            E steps[0].requires: requires cycle: a → c → b → a (a step in a cycle can never unlock)
        "#]],
    );
}

#[test]
fn empty_segments() {
    check(
        &with(r#","segments":[]"#),
        expect![[r#"
        E segments: needs at least one segment (or leave "segments" out for one segment with every step)
        W steps[0]: step "a" is in no segment
    "#]],
    );
    check(
        &with(r#","segments":[{"id":"s","steps":[]}]"#),
        expect![[r#"
        E segments[0].steps: a segment needs at least one step
        W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
        W steps[0]: step "a" is in no segment
    "#]],
    );
}

#[test]
fn requires_outside_the_segment() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[
            {"id":"a","title":"A"},{"id":"b","title":"B","requires":["a"]}],
            "segments":[{"id":"s","steps":["b"]},{"id":"all","steps":["a","b"]}]}"#,
        expect![[r#"
            E segments[0].steps[0]: step "b" requires "a", which is not in segment "s", so it could never unlock
            W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[1]: segment "all" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[1]: segment "all" can never match: segments[0] before it matches everyone
        "#]],
    );
}

#[test]
fn bad_durations() {
    check(
        &with(
            r#","segments":[
            {"id":"a1","match":{"k":1},"steps":["a"],"ttfvGoal":"P1M"},
            {"id":"a2","match":{"k":2},"steps":["a"],"ttfvGoal":"P1Y"},
            {"id":"a3","match":{"k":3},"steps":["a"],"ttfvGoal":"14 days"},
            {"id":"a4","match":{"k":4},"steps":["a"],"ttfvGoal":"PT0S"},
            {"id":"a5","match":{"k":5},"steps":["a"],"ttfvGoal":"PT"},
            {"id":"a6","match":{"k":6},"steps":["a"],"ttfvGoal":"P1.5D"},
            {"id":"ok","steps":["a"],"ttfvGoal":"P1DT2H30M15.5S"}]"#,
        ),
        expect![[r#"
            E segments[0].ttfvGoal: "P1M" uses months: they have no fixed length, so write the goal in days (for example "P30D")
            E segments[1].ttfvGoal: "P1Y" uses years: they have no fixed length, so write the goal in days (for example "P30D")
            E segments[2].ttfvGoal: "14 days" is not an ISO 8601 duration such as "P14D" or "PT30M"
            E segments[3].ttfvGoal: "PT0S" is zero: a goal must be longer than that
            E segments[4].ttfvGoal: "PT" has a "T" with no hours, minutes or seconds after it
            E segments[5].ttfvGoal: "P1.5D": only seconds may have a fraction
        "#]],
    );
}

#[test]
fn unsafe_hrefs() {
    let cases = [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "java\\tscript:alert(1)",
        " javascript:alert(1)",
        "\\\\evil.example/x",
        "ftp://files.example/x",
        "//evil.example/x",
        "///evil.example",
        "/\\\\evil.example",
    ];
    check(
        &with_hrefs(&cases),
        expect![[r#"
            E steps[0].action.href: unsafe href scheme "javascript:": links may only be http, https or relative
            E steps[1].action.href: unsafe href scheme "javascript:": links may only be http, https or relative
            E steps[2].action.href: unsafe href scheme "data:": links may only be http, https or relative
            E steps[3].action.href: unsafe href scheme "vbscript:": links may only be http, https or relative
            E steps[4].action.href: href has U+0009; encode it (spaces as %20) or remove it
            E steps[5].action.href: href has U+0020; encode it (spaces as %20) or remove it
            E steps[6].action.href: href has a backslash; encode it (spaces as %20) or remove it
            E steps[7].action.href: unsafe href scheme "ftp:": links may only be http, https or relative
            E steps[8].action.href: href "//evil.example/x" leaves the page's origin (a protocol-relative URL): write it with https:// to link to another site
            E steps[9].action.href: href "///evil.example" leaves the page's origin (a protocol-relative URL): write it with https:// to link to another site
            E steps[10].action.href: href has a backslash; encode it (spaces as %20) or remove it
        "#]],
    );
}

#[test]
fn safe_hrefs() {
    let cases = [
        "/sources/new",
        "sources/new",
        "?tab=2",
        "#help",
        "https://acme.example/a?b=c#d",
        "HTTP://x.example",
        "/a//b",
        "https://cdn.example/x",
    ];
    check(&with_hrefs(&cases), expect![[""]]);
}

#[test]
fn action_needs_exactly_one_of_href_or_event() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[
            {"id":"a","title":"A","action":{"label":"Go"}},
            {"id":"b","title":"B","action":{"label":"Go","href":"/x","event":"y"}}]}"#,
        expect![[r#"
            E steps[0].action: needs one of "href" or "event"
            E steps[1].action: takes only one of "href" or "event"
        "#]],
    );
}

#[test]
fn first_value_outside_segment_or_empty() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A"},{"id":"b","title":"B"}],
            "segments":[{"id":"s","match":{"k":1},"steps":["a"],"firstValue":{"steps":["b","zz"]}},
                        {"id":"t","match":{"k":2},"steps":["a"],"firstValue":{"steps":[]}},
                        {"id":"u","steps":["a"],"firstValue":{"steps":["a"],"event":"e"}}]}"#,
        expect![[r#"
            E segments[2].firstValue.event: unknown key "event"
            E segments[0].firstValue.steps[0]: step "b" is not in this segment's steps
            E segments[0].firstValue.steps[1]: unknown step "zz"
            E segments[1].firstValue.steps: list at least one step
            W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[1]: segment "t" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[2]: segment "u" has no "ttfvGoal": TTFV is measured but never judged late
            W steps[1]: step "b" is in no segment
        "#]],
    );
}

#[test]
fn all_skippable_without_first_value() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A","skippable":true}]}"#,
        expect![[r#"
        E steps: every step is skippable, so first value would be reached before the user does anything; add "segments" with a "firstValue" or make a step required
    "#]],
    );
}

#[test]
fn match_operators_and_operands() {
    check(
        &with(
            r#","segments":[{"id":"s","steps":["a"],"match":{
                "seats":{"gte":10,"lt":"100"},
                "plan":["pro","team"],
                "role":{"in":"admin"},
                "beta":{"exists":"yes"},
                "region":{"between":[1,2]},
                "size":{"gt":[1]},
                "tags":[["nested"]],
                "empty":{},
                "none":[],
                "obj":{"in":[{"a":1}]}}},{"id":"all","steps":["a"]}]"#,
        ),
        expect![[r#"
            E segments[0].match.role.in: "in" takes an array of values, not a string
            E segments[0].match.beta.exists: "exists" takes true or false, not a string
            E segments[0].match.region.between: unknown operator "between"; operators are gte, gt, lte, lt, in, exists
            E segments[0].match.size.gt: "gt" compares with a number or a string, not an array
            E segments[0].match.tags[0]: must be a string, number, boolean or null, not an array
            E segments[0].match.empty: an operator object needs one of gte, gt, lte, lt, in, exists
            E segments[0].match.none: an empty list matches nobody
            E segments[0].match.obj.in[0]: must be a string, number, boolean or null, not an object
            W segments[0]: segment "s" has no "ttfvGoal": TTFV is measured but never judged late
            W segments[1]: segment "all" has no "ttfvGoal": TTFV is measured but never judged late
        "#]],
    );
}

#[test]
fn warnings_for_suspicious_configs() {
    check(
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A"},{"id":"b","title":"B","skippable":true},{"id":"orphan","title":"O"}],
            "segments":[{"id":"s","match":{"k":1},"steps":["a","b"],"firstValue":{"steps":["b"]},"ttfvGoal":"P1D"},
                        {"id":"all","steps":["a"],"ttfvGoal":"P1D"},
                        {"id":"never","steps":["a"],"ttfvGoal":"P1D"}],
            "text":{"progress":"{done}/{total} ({percent}%)"}}"#,
        expect![[r#"
            W segments[0].firstValue.steps[0]: step "b" is skippable: a user who skips it never reaches first value
            W segments[2]: segment "never" can never match: segments[1] before it matches everyone
            W steps[2]: step "orphan" is in no segment
            W text.progress: only {done}, {total} and {remaining} are filled in; other {…} stay as written
        "#]],
    );
}

#[test]
fn no_catch_all_segment_is_a_warning() {
    check(
        &with(r#","segments":[{"id":"s","match":{"k":1},"steps":["a"],"ttfvGoal":"P1D"}]"#),
        expect![[r#"
            W segments: no segment matches everyone: a user whose traits match none gets an empty checklist (nothing shown, no events, no TTFV); add a last segment without "match" to onboard everyone
        "#]],
    );
}

#[test]
fn size_limits_give_clear_errors() {
    let long = "x".repeat(201);
    check(
        &with("").replace("\"title\":\"T\"", &format!("\"title\":\"{long}\"")),
        expect![[r#"
        E title: is 201 characters long; the limit is 200
    "#]],
    );
    let many: Vec<String> = (0..10_001)
        .map(|i| format!(r#"{{"id":"s{i}","title":"S"}}"#))
        .collect();
    let text = format!(
        r#"{{"version":1,"id":"c","title":"T","steps":[{}]}}"#,
        many.join(",")
    );
    let out = problems(&text);
    assert!(
        out.starts_with("E steps: has 10001 items; the limit is 10000\n"),
        "{}",
        &out[..200.min(out.len())]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let out = problems(
        r#"{"version":3,"id":"c","title":"","steps":[{"id":"a","title":"A","requires":["b"]},{"id":"a","title":"B"}],
            "segments":[{"id":"s","steps":["q"],"ttfvGoal":"P1Y"}]}"#,
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("E ")).count(),
        6,
        "{out}"
    );
}

#[test]
fn invalid_json_is_one_located_error() {
    check(
        r#"{"version":1,"#,
        expect![[r#"
            E not valid JSON: line 1, column 14: expected a key in double quotes
        "#]],
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        r#"{{"version":1,"id":"c","title":"T","steps":{}1{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let out = problems(&deep);
    assert!(out.contains("nested more than 64 levels deep"), "{out}");
}

#[test]
fn a_title_that_only_looks_empty_is_an_error() {
    check(
        "{\"version\":1,\"id\":\"c\",\"title\":\"\u{200B}\u{200B}\",\"steps\":[
            {\"id\":\"a\",\"title\":\" \u{FEFF}\u{202E}\"},
            {\"id\":\"b\",\"title\":\"\u{202E}Visible\",\"action\":{\"label\":\"\u{2060}\",\"event\":\"x\"}}]}",
        expect![[r#"
            E title: has no visible character (only spaces or invisible ones)
            E steps[0].title: has no visible character (only spaces or invisible ones)
            E steps[1].action.label: has no visible character (only spaces or invisible ones)
        "#]],
    );
}

/// Every problem code is documented in the README and typed in `types.d.ts`; codes are
/// snake_case and unique.
#[test]
fn every_problem_code_is_documented_and_typed() {
    use firstvalue::core::error::codes::ALL;
    let readme = std::fs::read_to_string("README.md").unwrap();
    let types = std::fs::read_to_string("src/web/types.d.ts").unwrap();
    for (i, code) in ALL.iter().enumerate() {
        assert!(
            code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{code}"
        );
        assert!(!ALL[..i].contains(code), "{code} twice");
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README lacks {code}"
        );
        assert!(
            types.contains(&format!("| \"{code}\"")),
            "types.d.ts lacks {code}"
        );
    }
}

/// Each problem carries the code of its kind, at its path.
#[test]
fn problems_carry_stable_codes() {
    let r = match firstvalue::core::parse_config_json(
        r#"{"version":1,"id":"c","title":"T","colour":"red","steps":[
            {"id":"a","title":"A","requires":["conect"],"completeOn":[{"click":"a::before"}]},
            {"id":"a","title":"\u200b","action":{"label":"Go","href":"//evil.example"}}]}"#,
    ) {
        Err(r) => r,
        Ok(_) => panic!("invalid"),
    };
    let got: Vec<(&str, &str)> = r.errors.iter().map(|p| (p.path.as_str(), p.code)).collect();
    for want in [
        ("colour", "unknown_key"),
        ("steps[0].requires[0]", "unknown_step"),
        ("steps[0].completeOn[0].click", "invalid_selector"),
        ("steps[1].title", "invisible_text"),
        ("steps[1].action.href", "unsafe_href"),
        ("steps[1].id", "duplicate_id"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
}

/// The demo's config is what a new user copies first: it must pass with no warning either.
#[test]
fn the_demo_config_has_no_problem_and_no_warning() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/acme.config.json"))
            .unwrap();
    let (_, report) = firstvalue::core::parse_config_json(&text).unwrap();
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings, Vec::<String>::new());
}
