//! Shared helpers: run a config and a script of inputs, print what happened.

use firstvalue::core::json::Value;
use firstvalue::core::model::Checklist;
use firstvalue::core::progress::{Effect, Engine, Input};
use firstvalue::core::snapshot::Progress;
use firstvalue::core::{parse_config_json, segment::resolve};

/// A valid config from JSON text (panics with the problems otherwise).
pub fn config(text: &str) -> Checklist {
    match parse_config_json(text) {
        Ok((c, _)) => c,
        Err(r) => panic!("config invalid:\n{}", r.error_text()),
    }
}

/// Errors then warnings, one `path: message` a line, prefixed E/W.
pub fn problems(text: &str) -> String {
    let report = match parse_config_json(text) {
        Ok((_, w)) => w,
        Err(r) => r,
    };
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&format!("E {e}\n"));
    }
    for w in &report.warnings {
        out.push_str(&format!("W {w}\n"));
    }
    out
}

/// A small config: three steps, one locked behind another, one skippable.
pub const BASIC: &str = r#"{
  "version": 1, "id": "acme", "title": "Get started",
  "steps": [
    { "id": "connect", "title": "Connect", "completeOn": ["connected"] },
    { "id": "chart", "title": "Chart", "completeOn": ["chart_saved", "chart_imported"], "requires": ["connect"] },
    { "id": "invite", "title": "Invite", "skippable": true,
      "action": { "label": "Invite", "event": "open_invite" } },
    { "id": "tour", "title": "Take the tour", "action": { "label": "Go", "href": "/tour" } }
  ],
  "segments": [
    { "id": "pro", "match": { "plan": "pro" }, "steps": ["connect", "chart", "invite"],
      "firstValue": { "steps": ["chart"] }, "ttfvGoal": "PT1H" },
    { "id": "eventful", "match": { "plan": "free" }, "steps": ["connect", "chart", "tour"],
      "firstValue": { "event": "shared" }, "ttfvGoal": "PT10M" },
    { "id": "rest", "steps": ["tour", "invite"] }
  ]
}"#;

/// An engine for `text` in `segment`, clock started at 0.
pub fn engine(text: &str, segment: &str) -> Engine {
    let c = config(text);
    let seg = resolve(&c, &Value::Null, Some(segment)).expect("segment");
    Engine::new(c, seg, None, Progress::new(0))
}

/// An engine for [`BASIC`] in segment `pro`, with the host's `startedAt` of `start`
/// while the stored clock says `stored`.
pub fn engine_started_by_host(start: u64, stored: u64) -> Engine {
    Engine::new(config(BASIC), 0, Some(start), Progress::new(stored))
}

/// Parses a script line: `<ms> <input> [arg]`.
pub fn input(engine: &Engine, word: &str, arg: &str) -> Input {
    let step = || {
        engine
            .config()
            .step_index(arg)
            .unwrap_or_else(|| panic!("no step {arg}"))
    };
    match word {
        "mount" => Input::Mount,
        "track" => match arg.split_once(' ') {
            Some((name, props)) => Input::TrackWith(
                name.to_string(),
                firstvalue::core::parse_json(props).expect("properties"),
            ),
            None => Input::Track(arg.to_string()),
        },
        "page" => Input::Page(arg.to_string()),
        "click" => Input::Click(arg.to_string()),
        "check" => Input::Check(step()),
        "complete" => Input::Complete(step()),
        "skip" => Input::Skip(step()),
        "action" => Input::Action(step()),
        "reset" => Input::Reset,
        "dismiss" => Input::Dismiss,
        "open" => Input::Open,
        "minimize" => Input::Minimize,
        "tick" => Input::Tick,
        "snooze" => Input::Snooze(arg.parse().expect("ms")),
        "help" => Input::HelpAction,
        other => panic!("unknown input {other}"),
    }
}

/// Runs `script` (lines of `<ms> <input> [arg]`) and prints every notice as its
/// payload, plus `persist`/`render` markers, so a test reads like a log.
pub fn run(engine: &mut Engine, script: &str) -> String {
    let mut out = String::new();
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(3, ' ');
        let now: u64 = parts.next().and_then(|t| t.parse().ok()).expect("time");
        let word = parts.next().expect("input");
        let arg = parts.next().unwrap_or("").trim();
        let inp = input(engine, word, arg);
        out.push_str(
            &format!("{now} {word} {arg}\n")
                .replace("  \n", "\n")
                .replace(" \n", "\n"),
        );
        let effects = engine.apply(inp, now);
        for e in effects {
            match e {
                Effect::Notify(n) => {
                    let p = n.payload(ctx(engine), now);
                    // Drop the context fields: they are the same on every line.
                    let Value::Object(m) = p else { unreachable!() };
                    let rest: Vec<_> = m
                        .into_iter()
                        .filter(|(k, _)| {
                            !matches!(k.as_str(), "checklistId" | "segment" | "userId" | "at")
                        })
                        .collect();
                    out.push_str(&format!("  {}\n", Value::Object(rest)));
                }
                Effect::Persist => out.push_str("  persist\n"),
                Effect::PersistAccount => out.push_str("  persist account\n"),
                Effect::Render => {}
            }
        }
    }
    out
}

fn ctx(engine: &Engine) -> firstvalue::core::notice::Context<'_> {
    firstvalue::core::notice::Context {
        checklist_id: &engine.config().id,
        segment: &engine.segment().id.0,
        user_id: "u1",
    }
}

/// `id:status` for each step of the segment.
pub fn statuses(engine: &Engine) -> String {
    engine
        .segment()
        .steps
        .iter()
        .map(|&i| {
            format!(
                "{}:{}",
                engine.config().steps[i].id,
                engine.status(i).as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
