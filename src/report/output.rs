//! The report in four formats, all printed from the same [`Report`]: JSON (the stable,
//! documented schema), CSV, Markdown, and a self-contained HTML page.

use super::compute::GroupReport;
use serde::Serialize;
use std::fmt::Write;

/// Everything a report says. `--format json` prints exactly this.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The JSON schema version of this document.
    pub version: u32,
    pub input: InputSummary,
    /// The observation window: the earliest and latest event (epoch ms).
    pub observed_from: u64,
    pub observed_until: u64,
    pub groups: Vec<GroupReport>,
}

/// How much of the input was used.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct InputSummary {
    pub lines: u64,
    pub used: u64,
    pub skipped: u64,
    /// Events of another checklist than `--config`'s.
    pub other_checklists: u64,
    /// Of the skipped lines, those longer than the line limit (1 MiB), read past unheld.
    pub too_long: u64,
    /// The first few unusable lines.
    pub first_errors: Vec<LineError>,
    /// Inputs that ended early (a truncated .gz, a read error): the line where reading
    /// stopped. The figures cover the lines before it.
    pub stopped: Vec<LineError>,
}

/// An unusable line.
#[derive(Debug, Serialize, Clone)]
pub struct LineError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// `3 h`, `2.5 days`, `40 min`: durations as a reader says them.
pub fn human(ms: Option<u64>) -> String {
    let Some(ms) = ms else { return "–".into() };
    let s = ms as f64 / 1000.0;
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 90.0 * 60.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 48.0 * 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

fn title(g: &GroupReport) -> String {
    match &g.cohort {
        Some(w) => format!("{} · {} · week of {w}", g.checklist_id, g.segment),
        None => format!("{} · {}", g.checklist_id, g.segment),
    }
}

/// `--format json`.
pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

fn opt(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `--format csv`: one row per group, then one per step (`kind` says which).
pub fn csv(r: &Report) -> String {
    let mut out = String::from("kind,checklist_id,segment,cohort,goal_ms,started,reached,reached_pct,within_goal,within_goal_pct,goal_missed,still_open,dismissed,ttfv_median_ms,ttfv_p75_ms,ttfv_p90_ms,km_median_ms,step_id,completed,by_click,by_event,by_api,by_page,by_click_target,skipped,step_median_ms,stuck_here\n");
    let q = csv_cell;
    for g in &r.groups {
        let u = &g.users;
        let head = format!(
            "{},{},{},{}",
            q(&g.checklist_id),
            q(&g.segment),
            q(g.cohort.as_deref().unwrap_or("")),
            opt(g.goal_ms)
        );
        let _ = writeln!(
            out,
            "group,{head},{},{},{},{},{},{},{},{},{},{},{},{},,,,,,,,,,",
            u.started,
            u.reached,
            u.reached_pct,
            u.within_goal,
            u.within_goal_pct,
            u.goal_missed,
            u.still_open,
            u.dismissed,
            opt(g.ttfv_ms.median),
            opt(g.ttfv_ms.p75),
            opt(g.ttfv_ms.p90),
            opt(g.kaplan_meier.median)
        );
        for s in &g.funnel {
            let b = &s.by_source;
            let _ = writeln!(
                out,
                "step,{head},{},,,,,,,,,,,,{},{},{},{},{},{},{},{},{},{}",
                s.shown,
                q(&s.step_id),
                s.completed,
                b.click,
                b.event,
                b.api,
                b.page,
                b.click_target,
                s.skipped,
                opt(s.median_ms),
                s.stuck_here
            );
        }
    }
    out
}

/// One CSV cell of text from the input (an id, a segment): quoted when it holds a comma,
/// quote or line break; and neutralized against formula injection (OWASP) when it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet would run as a
/// formula: a leading `'` makes it text.
pub fn csv_cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Text from the input in a Markdown table cell: a `|` cannot end the cell, a line
/// break cannot end the row, and a backslash stays a backslash.
pub fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// What a reader must know about the input before trusting the figures: inputs that ended
/// early, lines too long to read.
pub fn input_warnings(i: &InputSummary) -> Vec<String> {
    let mut w: Vec<String> = i
        .stopped
        .iter()
        .map(|s| {
            format!(
                "{} {}; the figures cover the lines before it",
                s.file, s.message
            )
        })
        .collect();
    if i.too_long > 0 {
        w.push(format!(
            "{} line(s) longer than {} MiB skipped unread",
            i.too_long,
            super::input::MAX_LINE >> 20
        ));
    }
    w
}

/// `--format md`.
pub fn markdown(r: &Report) -> String {
    let mut out = String::from("# Time to first value\n\n");
    let _ = writeln!(
        out,
        "{} events used of {} lines ({} skipped). Observed {} to {}.\n",
        r.input.used,
        r.input.lines,
        r.input.skipped,
        date(r.observed_from),
        date(r.observed_until)
    );
    for w in input_warnings(&r.input) {
        let _ = writeln!(out, "> **Warning:** {}\n", md_cell(&w));
    }
    for g in &r.groups {
        let u = &g.users;
        let _ = writeln!(out, "## {}\n", md_cell(&title(g)));
        let _ = writeln!(out, "| started | reached FV | within goal ({}) | goal missed | still open | dismissed | TTFV median | p75 | p90 | KM median |", human(g.goal_ms));
        out.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        let _ = writeln!(
            out,
            "| {} | {} ({}%) | {} ({}%) | {} | {} | {} | {} | {} | {} | {} |\n",
            u.started,
            u.reached,
            u.reached_pct,
            u.within_goal,
            u.within_goal_pct,
            u.goal_missed,
            u.still_open,
            u.dismissed,
            human(g.ttfv_ms.median),
            human(g.ttfv_ms.p75),
            human(g.ttfv_ms.p90),
            human(g.kaplan_meier.median)
        );
        out.push_str("| step | completed | checkbox | host event | API | page | click | skipped | median time | stuck here |\n");
        out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for s in &g.funnel {
            let b = &s.by_source;
            let _ = writeln!(
                out,
                "| {} | {} of {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                md_cell(s.title.as_deref().unwrap_or(&s.step_id)),
                s.completed,
                s.shown,
                b.click,
                b.event,
                b.api,
                b.page,
                b.click_target,
                s.skipped,
                human(s.median_ms),
                s.stuck_here
            );
        }
        out.push('\n');
    }
    out.push_str(METHODS_MD);
    out
}

const METHODS_MD: &str = "## Methods\n\nA user's clock starts at `checklist_started.startedAt`. First value is the `first_value` event (`ttfvMs`). Users who have not reached it are censored at the end of the observation window (the latest event) in the Kaplan–Meier estimate: they count while observed instead of being dropped, which a median over the users who reached first value alone does (and that median looks better the more users are lost). Percentiles are nearest-rank (SQL `PERCENTILE_DISC`). Duplicate and out-of-order events change nothing: every per-user fact keeps its earliest time.\n";

/// `YYYY-MM-DD` of epoch ms (UTC).
pub fn date(ms: u64) -> String {
    super::compute::ymd((ms / 86_400_000) as i64)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `--out report.html`: one self-contained page, no scripts, no network.
pub fn html(r: &Report) -> String {
    let mut out = String::new();
    out.push_str(HEAD);
    let _ = writeln!(
        out,
        "<header><h1>Time to first value</h1><p>{} events used of {} lines ({} skipped) · observed {} to {}</p></header><main>",
        r.input.used, r.input.lines, r.input.skipped, date(r.observed_from), date(r.observed_until)
    );
    for w in input_warnings(&r.input) {
        let _ = writeln!(
            out,
            "<p role=\"alert\"><strong>Warning:</strong> {}</p>",
            esc(&w)
        );
    }
    // One chart per checklist (and cohort): a curve per segment, each with its goal.
    let mut charts: Vec<(String, Vec<&GroupReport>)> = Vec::new();
    for g in &r.groups {
        let key = match &g.cohort {
            Some(w) => format!("{} · week of {w}", g.checklist_id),
            None => g.checklist_id.clone(),
        };
        match charts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(g),
            None => charts.push((key, vec![g])),
        }
    }
    for (n, (key, groups)) in charts.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"c{n}\"><h2 id=\"c{n}\">{}</h2>",
            esc(key)
        );
        out.push_str(&summary_table(groups));
        out.push_str(&km_chart(n, groups));
        for (i, g) in groups.iter().enumerate() {
            out.push_str(&funnel(n, i, g));
        }
        out.push_str("</section>");
    }
    out.push_str("<section aria-labelledby=\"methods\"><h2 id=\"methods\">Methods</h2><p>A user's clock starts at <code>checklist_started.startedAt</code>; first value is the <code>first_value</code> event and its <code>ttfvMs</code>. <strong>Kaplan–Meier:</strong> users who have not reached first value yet are <em>censored</em> at the end of the observation window (the latest event in the input): they count while observed instead of being dropped. A median over the users who reached first value alone looks better the more users are lost; the curve does not. <strong>Percentiles</strong> are nearest-rank (SQL <code>PERCENTILE_DISC</code>). <strong>Still open</strong>: not reached and not yet past the goal. <strong>Guided</strong> completions are the checklist's own checkbox; <strong>organic</strong> ones come from the product (host event, API, page, click). Duplicates and disorder change nothing: per user, every fact keeps its earliest time.</p></section></main></body></html>\n");
    out
}

fn summary_table(groups: &[&GroupReport]) -> String {
    let mut t = String::from("<table><caption>Per segment</caption><thead><tr><th scope=\"col\">Segment</th><th scope=\"col\">Started</th><th scope=\"col\">Reached first value</th><th scope=\"col\">Within goal</th><th scope=\"col\">Goal missed</th><th scope=\"col\">Still open</th><th scope=\"col\">Dismissed</th><th scope=\"col\">TTFV median · p75 · p90</th><th scope=\"col\">Kaplan–Meier median</th></tr></thead><tbody>");
    for (i, g) in groups.iter().enumerate() {
        let u = &g.users;
        let _ = write!(
            t,
            "<tr><th scope=\"row\"><span class=\"key s{}\" aria-hidden=\"true\"></span>{} <small>goal {}</small></th><td>{}</td><td>{} <small>({}%)</small></td><td>{} <small>({}%)</small></td><td>{}</td><td>{}</td><td>{}</td><td>{} · {} · {}</td><td>{}</td></tr>",
            i % 6, esc(&g.segment), human(g.goal_ms), u.started, u.reached, u.reached_pct, u.within_goal,
            u.within_goal_pct, u.goal_missed, u.still_open, u.dismissed, human(g.ttfv_ms.median),
            human(g.ttfv_ms.p75), human(g.ttfv_ms.p90), human(g.kaplan_meier.median)
        );
    }
    t.push_str("</tbody></table>");
    t
}

fn km_chart(n: usize, groups: &[&GroupReport]) -> String {
    let (w, h, l, b, top, right) = (720.0, 300.0, 56.0, 44.0, 12.0, 36.0);
    let max_t = groups
        .iter()
        .flat_map(|g| {
            g.kaplan_meier
                .points
                .last()
                .map(|p| p.0)
                .into_iter()
                .chain(g.goal_ms)
        })
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.05;
    // A log time axis: a 30-minute goal and a 14-day one read on the same chart.
    let scale = |t: f64| (1.0 + t / 60_000.0).ln();
    let x = |t: f64| l + (w - l - right) * scale(t) / scale(max_t);
    let y = |s: f64| top + (h - top - b) * (1.0 - s);
    let mut desc = String::new();
    for g in groups {
        let _ = write!(
            desc,
            "{}: {}% reached first value by the goal ({}), median {}. ",
            g.segment,
            g.kaplan_meier
                .by_goal
                .map_or("–".into(), |s| format!("{:.0}", s * 100.0)),
            human(g.goal_ms),
            human(g.kaplan_meier.median)
        );
    }
    let mut s = format!("<figure><svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"k{n}t k{n}d\"><title id=\"k{n}t\">Share of users who reached first value by time since start (Kaplan–Meier)</title><desc id=\"k{n}d\">{}</desc>", esc(&desc));
    // Axes and grid.
    for q in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = write!(s, "<line class=\"grid\" x1=\"{l}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>", w - right, y(q), y(q), l - 6.0, y(q) + 4.0, q * 100.0);
    }
    const TICKS: [(u64, &str); 8] = [
        (60_000, "1 min"),
        (600_000, "10 min"),
        (3_600_000, "1 h"),
        (21_600_000, "6 h"),
        (86_400_000, "1 day"),
        (259_200_000, "3 days"),
        (1_209_600_000, "2 weeks"),
        (2_592_000_000, "30 days"),
    ];
    for (t, label) in TICKS.iter().filter(|(t, _)| (*t as f64) <= max_t) {
        let _ = write!(s, "<line class=\"grid\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{top}\" y2=\"{1}\"/><text class=\"tick\" x=\"{0:.1}\" y=\"{2}\" text-anchor=\"middle\">{label}</text>", x(*t as f64), h - b, h - b + 18.0);
    }
    let _ = write!(s, "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">time since start (log scale)</text>", l + (w - l - right) / 2.0, h - 4.0);
    let _ = write!(s, "<line class=\"axis\" x1=\"{l}\" x2=\"{l}\" y1=\"{top}\" y2=\"{}\"/><line class=\"axis\" x1=\"{l}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", h - b, w - right, h - b, h - b);
    for (i, g) in groups.iter().enumerate() {
        let c = i % 6;
        if let Some(goal) = g.goal_ms {
            let gx = x(goal as f64);
            // Labels near the right edge end at their line instead of running off.
            let (lx, anchor) = if gx > l + (w - l - right) * 0.7 {
                (gx - 4.0, "end")
            } else {
                (gx + 4.0, "start")
            };
            let _ = write!(s, "<line class=\"goal s{c}\" x1=\"{gx:.1}\" x2=\"{gx:.1}\" y1=\"{top}\" y2=\"{}\"/><text class=\"label s{c}\" x=\"{lx:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{} goal</text>", h - b, top + 12.0 + 14.0 * i as f64, esc(&g.segment));
        }
        let mut d = format!("M{:.1},{:.1}", x(0.0), y(0.0));
        let mut last = 0.0;
        for &(t, share) in &g.kaplan_meier.points {
            let _ = write!(d, "H{:.1}V{:.1}", x(t as f64), y(share));
            last = share;
        }
        let _ = write!(d, "H{:.1}", x(max_t));
        let _ = last;
        let _ = write!(s, "<path class=\"curve s{c}\" d=\"{d}\"/>");
    }
    s.push_str("</svg><figcaption>Share of users who reached first value, by time since they started (Kaplan–Meier; users not there yet are censored). Dashed lines: each segment's goal.</figcaption></figure>");
    s
}

fn funnel(n: usize, i: usize, g: &GroupReport) -> String {
    let mut s = format!("<table class=\"funnel\"><caption>Steps · {}</caption><thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Completed of shown</th><th scope=\"col\">Guided · organic · skipped</th><th scope=\"col\">Median time</th><th scope=\"col\">Stuck here</th></tr></thead><tbody>", esc(&g.segment));
    let _ = (n, i);
    for st in &g.funnel {
        let b = &st.by_source;
        let organic = b.event + b.api + b.page + b.click_target;
        let of = st.shown.max(1) as f64;
        let bar = |v: u64, class: &str| {
            format!(
                "<span class=\"bar {class}\" style=\"width:{:.1}%\"></span>",
                v as f64 * 100.0 / of
            )
        };
        let _ = write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{} of {}</td><td><span class=\"bars\" aria-hidden=\"true\">{}{}{}</span><span>{} · {} · {}</span></td><td>{}</td><td>{}</td></tr>",
            esc(st.title.as_deref().unwrap_or(&st.step_id)), st.completed, st.shown,
            bar(b.click, "guided"), bar(organic, "organic"), bar(st.skipped, "skipped"),
            b.click, organic, st.skipped, human(st.median_ms), st.stuck_here
        );
    }
    s.push_str("</tbody></table>");
    s
}

const HEAD: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Time to first value · firstvalue report</title><link rel="icon" href="data:,">
<style>
:root { color-scheme: light dark; --bg: #ffffff; --fg: #111827; --muted: #4b5563; --line: #d1d5db; --grid: #e5e7eb;
  --s0: #4338ca; --s1: #b45309; --s2: #047857; --s3: #be123c; --s4: #0369a1; --s5: #6d28d9; --skip: #9ca3af; }
@media (prefers-color-scheme: dark) { :root { --bg: #0b1120; --fg: #f3f4f6; --muted: #cbd5e1; --line: #475569; --grid: #1f2937;
  --s0: #a5b4fc; --s1: #fcd34d; --s2: #6ee7b7; --s3: #fda4af; --s4: #7dd3fc; --s5: #c4b5fd; --skip: #64748b; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main { max-width: 1000px; margin: 0 auto; padding: 0 24px; }
header p, small, figcaption, caption { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 16px 0; font-variant-numeric: tabular-nums; }
caption { text-align: start; font-weight: 600; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: end; vertical-align: top; }
th[scope=row], th:first-child { text-align: start; }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-inline-end: 6px; }
.key.s0 { background: var(--s0); } .key.s1 { background: var(--s1); } .key.s2 { background: var(--s2); }
.key.s3 { background: var(--s3); } .key.s4 { background: var(--s4); } .key.s5 { background: var(--s5); }
svg { width: 100%; height: auto; } figure { margin: 16px 0; }
.grid { stroke: var(--grid); } .axis { stroke: var(--muted); } .tick, .label { font-size: 12px; fill: var(--muted); }
.curve { fill: none; stroke-width: 2.5; } .goal { stroke-dasharray: 6 4; stroke-width: 1.5; }
.s0.curve, .s0.goal { stroke: var(--s0); } .s1.curve, .s1.goal { stroke: var(--s1); } .s2.curve, .s2.goal { stroke: var(--s2); }
.s3.curve, .s3.goal { stroke: var(--s3); } .s4.curve, .s4.goal { stroke: var(--s4); } .s5.curve, .s5.goal { stroke: var(--s5); }
.label.s0 { fill: var(--s0); } .label.s1 { fill: var(--s1); } .label.s2 { fill: var(--s2); }
.label.s3 { fill: var(--s3); } .label.s4 { fill: var(--s4); } .label.s5 { fill: var(--s5); }
.bars { display: flex; width: 160px; height: 10px; margin: 5px 0 2px auto; background: var(--grid); border-radius: 3px; overflow: hidden; }
.bar.guided { background: var(--s0); } .bar.organic { background: var(--s2); } .bar.skipped { background: var(--skip); }
@media print { body { font-size: 11px; } section { break-inside: avoid; } }
</style></head><body>
"#;
