//! `firstvalue report`: statistics on hand-computed cases, duplicates and disorder, the two
//! input shapes, bad lines, the JSON document.

use expect_test::expect;
use firstvalue::report::compute::{By, Known, Tally};
use firstvalue::report::input::{parse_line, Shape};
use firstvalue::report::stats::{kaplan_meier, km_time, percentile, Obs};

fn obs(list: &[(u64, bool)]) -> Vec<Obs> {
    list.iter()
        .map(|&(time, reached)| Obs { time, reached })
        .collect()
}

#[test]
fn kaplan_meier_by_hand() {
    // No users; one user; all censored.
    assert!(kaplan_meier(&[]).is_empty());
    assert_eq!(kaplan_meier(&obs(&[(5, true)])), [(5, 1.0)]);
    assert!(kaplan_meier(&obs(&[(5, false), (9, false)])).is_empty());
    // Ties: two reach at 10 among four at risk, then one of the two left at 20.
    let km = kaplan_meier(&obs(&[(10, true), (10, true), (15, false), (20, true)]));
    assert_eq!(km, [(10, 0.5), (20, 1.0)]);
    // A reach and a censoring at the same time: the reach counts first (4 at risk).
    let km = kaplan_meier(&obs(&[(10, true), (10, false), (30, true), (40, false)]));
    assert_eq!(km[0], (10, 0.25));
    assert!((km[1].1 - (1.0 - 0.75 * 0.5)).abs() < 1e-12, "{km:?}");
    assert_eq!(km_time(&km, 0.5), Some(30));
    // Censoring is what the reached-only median hides: half reached quickly, half are
    // still on their way; the median over the reached says 1, the estimate says never.
    let km = kaplan_meier(&obs(&[
        (1, true),
        (1, true),
        (100, false),
        (100, false),
        (100, false),
    ]));
    assert_eq!(km_time(&km, 0.5), None);
    assert_eq!(percentile(&[1, 1], 0.5), Some(1));
}

#[test]
fn percentiles_are_nearest_rank() {
    assert_eq!(percentile(&[7], 0.9), Some(7));
    let v: Vec<u64> = (1..=10).collect();
    assert_eq!(
        [0.5, 0.75, 0.9].map(|p| percentile(&v, p)),
        [Some(5), Some(8), Some(9)]
    );
}

const EVENTS: &str = r#"{"type":"checklist_started","checklistId":"c","segment":"s","userId":"a","at":0,"startedAt":0}
{"type":"step_completed","checklistId":"c","segment":"s","userId":"a","at":1000,"stepId":"x","source":"event","elapsedMs":1000}
{"type":"first_value","checklistId":"c","segment":"s","userId":"a","at":2000,"startedAt":0,"ttfvMs":2000,"goalMs":5000,"withinGoal":true}
{"type":"checklist_started","checklistId":"c","segment":"s","userId":"b","at":100,"startedAt":100}
{"type":"step_completed","checklistId":"c","segment":"s","userId":"b","at":700,"stepId":"x","source":"click","elapsedMs":600}
{"type":"goal_missed","checklistId":"c","segment":"s","userId":"b","at":5100,"goalMs":5000,"elapsedMs":5000}
{"type":"first_value","checklistId":"c","segment":"s","userId":"b","at":8100,"startedAt":100,"ttfvMs":8000,"goalMs":5000,"withinGoal":false}
{"type":"checklist_started","checklistId":"c","segment":"s","userId":"c","at":9000,"startedAt":9000}
{"type":"step_skipped","checklistId":"c","segment":"s","userId":"c","at":9500,"stepId":"y"}
{"type":"checklist_dismissed","checklistId":"c","segment":"s","userId":"c","at":9600}
{"type":"checklist_started","checklistId":"c","segment":"s","userId":"d","at":200,"startedAt":200}
this is not json
{"type":"first_value","checklistId":"c","segment":"s","userId":"e"}"#;

fn report(lines: &[&str]) -> String {
    let mut tally = Tally::default();
    let mut skipped = 0;
    for l in lines {
        match parse_line(l, Shape::Auto) {
            Ok(e) => tally.add(e, &Known::default()),
            Err(_) => skipped += 1,
        }
    }
    let groups = tally.finish(&Known::default(), By::Segment);
    format!(
        "skipped {skipped}\n{}",
        serde_json::to_string_pretty(&groups).unwrap()
    )
}

#[test]
fn figures_by_hand_and_the_same_whatever_duplicates_and_order() {
    let lines: Vec<&str> = EVENTS.lines().collect();
    let once = report(&lines);
    expect![[r#"
        skipped 2
        [
          {
            "checklistId": "c",
            "segment": "s",
            "cohort": null,
            "goalMs": 5000,
            "users": {
              "started": 4,
              "reached": 2,
              "reachedPct": 50.0,
              "withinGoal": 1,
              "withinGoalPct": 25.0,
              "goalMissed": 1,
              "stillOpen": 1,
              "dismissed": 1
            },
            "ttfvMs": {
              "median": 2000,
              "p75": 8000,
              "p90": 8000
            },
            "kaplanMeier": {
              "median": 8000,
              "byGoal": 0.333333,
              "points": [
                [
                  2000,
                  0.333333
                ],
                [
                  8000,
                  0.666667
                ]
              ],
              "censored": 2
            },
            "funnel": [
              {
                "stepId": "x",
                "title": null,
                "shown": 4,
                "completed": 2,
                "bySource": {
                  "click": 1,
                  "event": 1,
                  "api": 0,
                  "page": 0,
                  "clickTarget": 0
                },
                "skipped": 0,
                "medianMs": 600,
                "stuckHere": 2
              },
              {
                "stepId": "y",
                "title": null,
                "shown": 4,
                "completed": 0,
                "bySource": {
                  "click": 0,
                  "event": 0,
                  "api": 0,
                  "page": 0,
                  "clickTarget": 0
                },
                "skipped": 1,
                "medianMs": null,
                "stuckHere": 0
              }
            ]
          }
        ]"#]]
    .assert_eq(&once);
    // Every line twice, in reverse: the same report.
    let mut twice: Vec<&str> = lines.iter().chain(lines.iter()).copied().collect();
    twice.reverse();
    assert_eq!(report(&twice).replace("skipped 4", "skipped 2"), once);
}

#[test]
fn a_segment_track_call_is_the_same_event() {
    let a = parse_line(r#"{"type":"step_completed","checklistId":"c","segment":"s","userId":"u","at":1795165200005,"stepId":"x","source":"page","elapsedMs":5}"#, Shape::Auto).unwrap();
    let b = parse_line(r#"{"event":"firstvalue:step_completed","userId":"u","timestamp":"2026-11-20T10:00:00.005+01:00","properties":{"checklistId":"c","segment":"s","stepId":"x","source":"page","elapsedMs":5}}"#, Shape::Auto).unwrap();
    assert_eq!(a, b);
    assert!(parse_line(
        r#"{"event":"Signed Up","userId":"u","timestamp":"2026-11-20T10:00:00Z","properties":{}}"#,
        Shape::Auto
    )
    .unwrap_err()
    .contains("firstvalue:<type>"));
    assert!(parse_line(
        r#"{"type":"x","checklistId":"c","userId":"u","at":1}"#,
        Shape::Segment
    )
    .is_err());
}

#[test]
fn simulate_is_reproducible_and_the_cli_reports_it() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_firstvalue");
    let sim = |seed: &str| {
        Command::new(bin)
            .args(["simulate", "--users", "300", "--seed", seed])
            .output()
            .unwrap()
            .stdout
    };
    let a = sim("7");
    assert_eq!(a, sim("7"));
    assert_ne!(a, sim("8"));
    let dir = std::env::temp_dir().join(format!("fv-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("events.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &a).unwrap();
    std::io::Write::write_all(&mut gz, b"{broken\n").unwrap();
    std::fs::write(&file, gz.finish().unwrap()).unwrap();
    let out = Command::new(bin)
        .args([
            "report",
            file.to_str().unwrap(),
            "--config",
            "www/acme.config.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["input"]["skipped"], 1);
    assert_eq!(
        json["input"]["firstErrors"][0]["line"],
        a.iter().filter(|b| **b == b'\n').count() + 1
    );
    let started: u64 = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["users"]["started"].as_u64().unwrap())
        .sum();
    assert_eq!(started, 300);
    assert!(
        json["groups"][0]["funnel"][0]["title"].is_string(),
        "titles from the config"
    );
    let strict = Command::new(bin)
        .args(["report", file.to_str().unwrap(), "--strict"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("line"));
}

#[test]
fn weekly_cohorts_csv_and_markdown_come_from_the_same_figures() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_firstvalue");
    let events = Command::new(bin)
        .args(["simulate", "--users", "400", "--seed", "2"])
        .output()
        .unwrap()
        .stdout;
    let run = |args: &[&str]| {
        let mut child = Command::new(bin)
            .arg("report")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), &events).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let weekly: serde_json::Value =
        serde_json::from_str(&run(&["--by", "week", "--format", "json"])).unwrap();
    let groups = weekly["groups"].as_array().unwrap();
    assert!(groups.len() > 3, "eight weeks of starts, several segments");
    for g in groups {
        let week = g["cohort"].as_str().unwrap();
        // Every cohort starts on a Monday.
        let days =
            firstvalue::report::input::iso_ms(&format!("{week}T00:00:00Z")).unwrap() / 86_400_000;
        assert_eq!((days + 3) % 7, 0, "{week}");
    }
    let started: u64 = groups
        .iter()
        .map(|g| g["users"]["started"].as_u64().unwrap())
        .sum();
    assert_eq!(started, 400);
    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    let csv = run(&["--format", "csv"]);
    let md = run(&[]);
    for g in json["groups"].as_array().unwrap() {
        let seg = g["segment"].as_str().unwrap();
        let u = &g["users"];
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("group,acme-onboarding,{seg},")))
            .unwrap();
        assert!(
            row.contains(&format!(",{},{},", u["started"], u["reached"])),
            "{row}"
        );
        assert!(md.contains(&format!("## acme-onboarding · {seg}")));
        assert!(
            md.contains(&format!("| {} | {} (", u["started"], u["reached"])),
            "{md}"
        );
    }
    assert!(md.contains("## Methods") && md.contains("censored"));
}

#[test]
fn out_of_range_values_are_bad_lines_not_figures() {
    let bad = [
        r#"{"type":"checklist_started","checklistId":"c","segment":"s","userId":"u","at":1e20}"#,
        r#"{"type":"checklist_started","checklistId":"c","segment":"s","userId":"u","at":8640000000000000}"#,
        r#"{"type":"first_value","checklistId":"c","segment":"s","userId":"u","at":5,"ttfvMs":-3}"#,
        r#"{"type":"first_value","checklistId":"c","segment":"s","userId":"u","at":5,"ttfvMs":3,"goalMs":1e308}"#,
        r#"{"event":"firstvalue:first_value","userId":"u","timestamp":"2026-13-45T25:61:61Z","properties":{"checklistId":"c","segment":"s","ttfvMs":3}}"#,
        r#"{"event":"firstvalue:first_value","userId":"u","timestamp":"2026-02-29T00:00:00Z","properties":{"checklistId":"c","segment":"s","ttfvMs":3}}"#,
        r#"{"event":"firstvalue:first_value","userId":"u","timestamp":"2026-01-01T00:00:00+24:00","properties":{"checklistId":"c","segment":"s","ttfvMs":3}}"#,
    ];
    for line in bad {
        assert!(parse_line(line, Shape::Auto).is_err(), "{line}");
    }
    let err = parse_line(bad[2], Shape::Auto).unwrap_err();
    assert_eq!(
        err,
        "\"ttfvMs\" -3 is out of range (0 to 253402300799999 ms)"
    );
    // The edges still parse: a leap day, second 60, the last ms of year 9999.
    for good in [
        r#"{"event":"firstvalue:first_value","userId":"u","timestamp":"2028-02-29T23:59:60.5-05:30","properties":{"checklistId":"c","segment":"s","ttfvMs":3}}"#,
        r#"{"type":"first_value","checklistId":"c","segment":"s","userId":"u","at":253402300799999,"ttfvMs":0}"#,
    ] {
        assert!(parse_line(good, Shape::Auto).is_ok(), "{good}");
    }
}

#[test]
fn csv_and_markdown_cells_are_safe_to_open() {
    use firstvalue::report::output::{csv_cell, md_cell};
    assert_eq!(
        csv_cell("=HYPERLINK(\"http://x\")"),
        "\"'=HYPERLINK(\"\"http://x\"\")\""
    );
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-2+3"), "'-2+3");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("\tx"), "'\tx");
    assert_eq!(csv_cell("plain_id"), "plain_id");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(md_cell("a|b\\|c\nd"), "a\\|b\\\\\\|c d");
}

#[test]
fn time_grows_with_events_not_with_distinct_step_ids() {
    // 100,000 distinct step ids: user `a` completes them all, `b` every other one and no
    // first value, so the funnel, the median order and "stuck here" all see every id.
    // The per-user scans made 2,000 ids take 3.6 s and 5,000 take minutes.
    let n = 100_000u64;
    let mut known = Known::default();
    // With a config that names three of them (and one no event names): those come first.
    known.segments.insert(
        "s".into(),
        (None, vec!["st7".into(), "never".into(), "st3".into()]),
    );
    for k in [Known::default(), known] {
        let t = std::time::Instant::now();
        let mut tally = Tally::default();
        let mut line = String::new();
        for (user, step) in (0..n)
            .map(|i| ("a", i))
            .chain((0..n).step_by(2).map(|i| ("b", i)))
        {
            line.clear();
            line.push_str(&format!(
                r#"{{"type":"step_completed","checklistId":"c","segment":"s","userId":"{user}","at":{},"stepId":"st{step}","elapsedMs":{}}}"#,
                1_000 + step,
                n - step
            ));
            tally.add(parse_line(&line, Shape::Auto).unwrap(), &k);
        }
        tally.add(
            parse_line(r#"{"type":"first_value","checklistId":"c","segment":"s","userId":"a","at":5,"ttfvMs":3}"#, Shape::Auto).unwrap(),
            &k,
        );
        let groups = tally.finish(&k, By::Segment);
        let funnel = &groups[0].funnel;
        let configured = k.segments.contains_key("s");
        assert_eq!(funnel.len() as u64, n + u64::from(configured));
        let by_id = |id: &str| funnel.iter().find(|s| s.step_id == id).unwrap();
        assert_eq!((by_id("st0").completed, by_id("st1").completed), (2, 1));
        if configured {
            let head: Vec<_> = funnel[..3].iter().map(|s| s.step_id.as_str()).collect();
            assert_eq!(head, ["st7", "never", "st3"]);
            // b (no first value) did st0 but not st7: stuck on the config's first step.
            assert_eq!(by_id("st7").stuck_here, 1);
        } else {
            // The rest by median completion time: the latest-numbered step finishes first.
            assert_eq!(funnel[0].step_id, format!("st{}", n - 1));
            // That one is odd, which b never did: b is stuck there, and nowhere else.
            assert_eq!((funnel[0].stuck_here, funnel[1].stuck_here), (1, 0));
        }
        assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
    }
}

#[test]
fn a_bad_line_is_a_counted_bad_line_whatever_is_in_it() {
    use firstvalue::report::{input::MAX_LINE, run};
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("fv-badlines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ev = |user: &str, kind: &str, extra: &str| {
        format!(
            r#"{{"type":"{kind}","checklistId":"c","segment":"s","userId":"{user}","at":1795165200000{extra}}}"#
        )
    };
    let good = [
        ev("a", "checklist_started", ""),
        ev("a", "first_value", r#","ttfvMs":5"#),
        ev("b", "checklist_started", ""),
    ];
    let lines = good.join("\n") + "\n";
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let report = |path: &str| {
        run(
            &[path.to_string()],
            Shape::Auto,
            &Known::default(),
            By::Segment,
            false,
            |_| {},
        )
    };
    let figures = |path: &str| {
        let r = report(path).unwrap();
        let u = &r.groups[0].users;
        (r.input.used, r.input.skipped, u.started, u.reached)
    };

    // Invalid UTF-8 and binary garbage between good lines: each a bad line, the rest read.
    let garbage: Vec<u8> = (0..=255u8).filter(|b| *b != b'\n').collect();
    let mixed = [
        good[0].as_bytes(),
        b"\xff\xfe{\"type\":\x00",
        good[1].as_bytes(),
        &garbage,
        good[2].as_bytes(),
    ]
    .join(&b'\n');
    let path = write("mixed.jsonl", &mixed);
    assert_eq!(figures(&path), (3, 2, 2, 1));
    let r = report(&path).unwrap();
    assert_eq!(r.input.first_errors[0].line, 2);
    assert!(
        r.input.first_errors[0].message.contains("not UTF-8"),
        "{:?}",
        r.input.first_errors
    );

    // A UTF-8 byte order mark on line 1, and UTF-16 (Windows PowerShell's `>`): read as text.
    let bom = [b"\xef\xbb\xbf".as_slice(), lines.as_bytes()].concat();
    assert_eq!(figures(&write("bom.jsonl", &bom)), (3, 0, 2, 1));
    let le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            lines
                .replace('\n', "\r\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(figures(&write("le.jsonl", &le)), (3, 0, 2, 1));
    let be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain(lines.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(figures(&write("be.jsonl", &be)), (3, 0, 2, 1));

    // A line past the limit: skipped without being held, counted as too long.
    let long = format!(
        "{}\n{{\"pad\":\"{}\"}}\n{}",
        good[0],
        "x".repeat(MAX_LINE * 3),
        good[1]
    );
    let r = report(&write("long.jsonl", long.as_bytes())).unwrap();
    assert_eq!((r.input.used, r.input.skipped, r.input.too_long), (2, 1, 1));
    assert!(r.input.first_errors[0]
        .message
        .contains("longer than the 1 MiB"));

    // A truncated .gz: the figures of what was read, and where it stopped.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 0..2000 {
        writeln!(gz, "{}", ev(&format!("u{i}"), "checklist_started", "")).unwrap();
    }
    let whole = gz.finish().unwrap();
    let path = write("cut.jsonl.gz", &whole[..whole.len() / 2]);
    let r = report(&path).unwrap();
    let read = r.groups[0].users.started;
    assert!(read > 100 && read < 2000, "{read}");
    assert_eq!(r.input.stopped.len(), 1);
    assert_eq!(r.input.stopped[0].line, read + 1);
    assert!(run(
        &[path],
        Shape::Auto,
        &Known::default(),
        By::Segment,
        true,
        |_| {}
    )
    .is_err());

    // A gzip bomb of NUL bytes (128 MiB, one endless line, 128 concatenated members):
    // one bad line, and the CLI's peak memory stays far below the line.
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    let path = write("nul.gz", &member.repeat(128));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firstvalue"))
        .args(["report", &path, "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            json["input"]["skipped"].as_u64(),
            json["input"]["tooLong"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let peak: f64 = err
        .split("peak memory ")
        .nth(1)
        .and_then(|s| s.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert!(peak < 32.0, "peak memory {peak} MiB: {err}");
}
