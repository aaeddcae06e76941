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

// ---- Salvage: damaged stored text keeps every fact that can still be read (issue 22).

fn salvage(text: &str) -> firstvalue::core::snapshot::Salvage {
    Progress::salvage(text, 999)
}

const GOOD: &str = r#"{"v":2,"g":0,"s":1796410877551,"d":{"a":[1796410877584,"d","e"],"b":[1796410877590,"s","c"]},"k":{},"cs":1796410877551,"fv":null,"gm":null,"cc":null,"dm":[false,0],"mn":[true,1796410877600],"sz":[0,0],"sl":null,"ar":null}"#;

#[test]
fn a_whole_snapshot_salvages_as_it_decodes_with_no_problem() {
    let s = salvage(GOOD);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(s.progress.unwrap(), decode(GOOD).unwrap());
}

#[test]
fn one_bad_field_keeps_every_readable_fact() {
    let start = r#""s":1796410877551"#;
    let damaged = [
        // The start time: a string, negative, huge, missing.
        GOOD.replace(start, r#""s":"1796410877551""#),
        GOOD.replace(start, r#""s":-1"#),
        GOOD.replace(start, r#""s":1e308"#),
        GOOD.replace(&format!("{start},"), ""),
        // The version as a string.
        GOOD.replace(r#""v":2"#, r#""v":"2""#),
        // An unknown field nested deeper than the parser goes.
        GOOD.replace(
            r#""k":{}"#,
            &format!(r#""x":{}1{},"k":{{}}"#, "[".repeat(100), "]".repeat(100)),
        ),
        // A repeated "d": the entries of both count.
        GOOD.replace(r#","k":{}"#, r#","d":{"c":[1796410877599,"d","a"]},"k":{}"#),
        // Cut short.
        GOOD[..GOOD.find(r#","k""#).unwrap()].to_string(),
        // A generation past any real one.
        GOOD.replace(r#""g":0"#, r#""g":1e14"#),
    ];
    for text in &damaged {
        let s = salvage(text);
        let p = s
            .progress
            .as_ref()
            .unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert!(!s.problems.is_empty(), "{text}: no problem reported");
        assert_eq!(p.steps["a"].at, 1796410877584, "{text}");
        assert_eq!(p.steps["a"].status, Status::Done, "{text}");
        assert_eq!(p.steps["b"].status, Status::Skipped, "{text}");
        // The start time is the stored one, or the earliest fact when it is lost.
        assert!(
            p.started_at == 1796410877551 || p.started_at == 1796410877584,
            "{text}"
        );
        assert_eq!(p.generation, 0, "{text}");
    }
    let twice = salvage(&damaged[6]).progress.unwrap();
    assert_eq!(twice.steps["c"].status, Status::Done);
}

#[test]
fn salvage_reports_what_it_did_in_words() {
    let s = salvage(&GOOD.replace(r#""s":1796410877551"#, r#""s":"x""#));
    assert_eq!(
        s.problems,
        ["its start time is unreadable: the earliest fact stands in"]
    );
    let s = salvage(&GOOD[..150]);
    expect![[r#"
        [
            "it is damaged (line 1, column 151: unterminated string)",
        ]
    "#]]
    .assert_debug_eq(&s.problems);
    assert_eq!(s.progress.unwrap().started_at, 1796410877551);
}

#[test]
fn salvage_refuses_a_newer_format_and_nothing_readable() {
    let newer = GOOD.replace(r#""v":2"#, r#""v":3"#);
    assert_eq!(salvage(&newer).progress, Err(DecodeError::Newer(3)));
    for junk in ["", "garbage", "{", "[]", "null"] {
        let s = salvage(junk);
        assert!(matches!(s.progress, Err(DecodeError::Corrupt(_))), "{junk}");
        assert!(!s.problems.is_empty(), "{junk}");
    }
    // Nothing lost, but nothing to say either: a start time and no facts is fine.
    let fresh = r#"{"v":2,"g":0,"s":5,"d":{}}"#;
    assert!(salvage(fresh).problems.is_empty());
}

/// For random damage to a valid snapshot (cut short, a byte flipped, a value replaced,
/// junk nested in), every step entry whose text is still intact is kept. Seeded, so a
/// failure reproduces; 2,000 cases.
#[test]
fn random_damage_keeps_every_intact_fact() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(22);
    let mut kept = 0usize;
    let mut intact_total = 0usize;
    for case in 0..2000 {
        let mut p = Progress::new(1_700_000_000_000);
        let n = rng.random_range(1..12);
        for k in 0..n {
            let id = format!("s{k}_{}", rng.random_range(0..100));
            let status = if rng.random_bool(0.8) {
                Status::Done
            } else {
                Status::Skipped
            };
            let source = [Source::Click, Source::Event, Source::Api][rng.random_range(0..3)];
            let at = 1_700_000_000_000 + rng.random_range(0..10_000_000u64);
            p.steps.insert(id, StepFact { status, at, source });
        }
        p.started_event_at = Some(1_700_000_000_000);
        let text = p.encode().to_string();
        let mut b = text.clone().into_bytes();
        match rng.random_range(0..4) {
            0 => b.truncate(rng.random_range(0..b.len())),
            1 => {
                let i = rng.random_range(0..b.len());
                b[i] = rng.random_range(0x20..0x7f);
            }
            2 => {
                let keys = ["\"v\":", "\"g\":", "\"s\":", "\"k\":", "\"cs\":", "\"d\":"];
                let key = keys[rng.random_range(0..keys.len())];
                let t = String::from_utf8(b.clone()).unwrap();
                let at = t.find(key).unwrap() + key.len();
                let end = at + t[at..].find([',', '}']).unwrap_or(0);
                let junk = ["\"x\"", "-1", "1e308", "null", "[]", "{\"a\":1}", "true"];
                b = format!(
                    "{}{}{}",
                    &t[..at],
                    junk[rng.random_range(0..junk.len())],
                    &t[end..]
                )
                .into_bytes();
            }
            _ => {
                let t = String::from_utf8(b.clone()).unwrap();
                let depth = rng.random_range(1..200);
                let junk = format!(r#""j":{}0{},"#, "[".repeat(depth), "]".repeat(depth));
                b = t
                    .replacen("\"d\":", &format!("{junk}\"d\":"), 1)
                    .into_bytes();
            }
        }
        let damaged = String::from_utf8_lossy(&b).into_owned();
        let s = Progress::salvage(&damaged, 1);
        if matches!(s.progress, Err(DecodeError::Newer(_))) {
            // A flipped version digit reads as a newer format: the text is kept as it is
            // and never written over, so nothing in it is lost.
            continue;
        }
        for (id, f) in p.steps.iter() {
            let fact = p.encode();
            let entry = match fact.get("d").and_then(|d| d.get(id)) {
                Some(v) => format!("\"{id}\":{v}"),
                None => unreachable!(),
            };
            if !damaged.contains(&entry) {
                continue;
            }
            intact_total += 1;
            let got = s.progress.as_ref().ok().and_then(|q| q.steps.get(id));
            assert_eq!(got, Some(f), "case {case}: {id} lost from {damaged}");
            kept += 1;
        }
    }
    assert_eq!(kept, intact_total);
    assert!(intact_total > 10_000, "{intact_total}");
    eprintln!("salvage: {kept} of {intact_total} intact facts kept under random damage");
}

#[test]
fn salvage_is_linear_in_the_stored_entries() {
    // 100,000 entries, damaged so the scan reads every one: a quadratic pass took ~40 s.
    let mut p = Progress::new(1);
    for i in 0..100_000 {
        p.steps.insert(
            format!("s{i}"),
            StepFact {
                status: Status::Done,
                at: 2,
                source: Source::Api,
            },
        );
    }
    let text = p.encode().to_string();
    let cut = &text[..text.len() - 40];
    let t = std::time::Instant::now();
    let s = Progress::salvage(cut, 9);
    assert!(s.progress.unwrap().steps.len() >= 99_990);
    assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
}

#[test]
fn unknown_step_ids_are_kept_bounded_the_most_recent_first() {
    use firstvalue::core::snapshot::MAX_UNKNOWN;
    let (config, _) = firstvalue::core::parse_config_json(BASIC).unwrap();
    let e = Engine::new(config, 0, None, Progress::new(1));
    let known: Vec<String> = e.config().steps.iter().map(|s| s.id.0.clone()).collect();
    assert!(e.knows(&known[0]) && !e.knows("gone_1") && !e.knows(""));
    let mut p = Progress::new(1);
    let fact = |at| StepFact {
        status: Status::Done,
        at,
        source: Source::Api,
    };
    for id in &known {
        p.steps.insert(id.clone(), fact(1));
    }
    // 100,000 ids the config does not know, at times 0..100,000 (scrambled in id order).
    for i in 0..100_000u64 {
        p.steps
            .insert(format!("gone_{}", (i * 7919) % 100_000), fact(i));
    }
    let dropped = p.steps.prune(|id| e.knows(id), MAX_UNKNOWN);
    assert_eq!(dropped, 100_000 - MAX_UNKNOWN);
    assert_eq!(p.steps.len(), known.len() + MAX_UNKNOWN);
    // Every known step stays; of the rest, the most recent.
    assert!(known.iter().all(|id| p.steps.contains_key(id)));
    let oldest_kept = p
        .steps
        .iter()
        .filter(|(k, _)| !e.knows(k))
        .map(|(_, f)| f.at)
        .min();
    assert_eq!(oldest_kept, Some(100_000 - MAX_UNKNOWN as u64));
    // Under the bound nothing moves.
    assert_eq!(p.steps.prune(|id| e.knows(id), MAX_UNKNOWN), 0);
}

#[test]
fn to_text_is_the_encoded_value_written_out() {
    let mut p = Progress::new(1_796_000_000_000);
    assert_eq!(p.to_text(), p.encode().to_string());
    for (i, id) in ["a", "b\"q", "ü\\n", "\u{1}", ""].iter().enumerate() {
        p.steps.insert(
            id.to_string(),
            StepFact {
                status: if i % 2 == 0 {
                    Status::Done
                } else {
                    Status::Skipped
                },
                at: 1_796_000_000_000 + i as u64,
                source: Source::Api,
            },
        );
    }
    p.first_value_at = Some(1_796_000_000_009);
    p.dismissed = Flag { on: true, at: 5 };
    assert_eq!(p.to_text(), p.encode().to_string());
    // Ids a config can have read back as they were.
    let mut q = Progress::new(1_796_000_000_000);
    q.steps.insert("connect_data".into(), p.steps[""]);
    q.steps.insert("b".into(), p.steps["\u{1}"]);
    assert_eq!(
        Progress::decode(&parse_json(&q.to_text()).unwrap()).unwrap(),
        q
    );
}
