//! `firstvalue report` and `firstvalue simulate`: host-only (never in the wasm).
//!
//! Exported events in ([`input`]), per-user facts, then per-segment figures
//! ([`compute`], [`stats`]), then JSON, CSV, Markdown or a self-contained HTML page
//! ([`output`]). `report.sql` computes the same figures in a warehouse.

pub mod compute;
pub mod input;
pub mod output;
pub mod simulate;
pub mod stats;

/// The metrics as SQL over an `events` table (printed by `firstvalue report --sql`).
pub const SQL: &str = include_str!("report.sql");

use compute::{By, Known, Tally};
use input::{parse_line, Shape};
use output::{InputSummary, LineError, Report};

/// How many unusable lines a report shows.
const SHOWN_ERRORS: usize = 5;

/// Reads every input, line by line (memory grows with users × steps, not with events),
/// and computes the report. `progress` is told how many bytes were read.
pub fn run(
    inputs: &[String],
    shape: Shape,
    known: &Known,
    by: By,
    strict: bool,
    mut progress: impl FnMut(u64),
) -> Result<Report, String> {
    let mut tally = Tally::default();
    let mut summary = InputSummary::default();
    for path in inputs {
        let (mut reader, _) = input::open(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
        let mut line = Vec::new();
        let mut n = 0u64;
        loop {
            let len = match input::read_line(&mut reader, &mut line) {
                Ok(Some(len)) => len,
                Ok(None) => break,
                // A truncated .gz or a failing disk: the report covers what was read, and
                // says where this input stopped.
                Err(e) => {
                    let message = format!("stopped reading at line {}: {e}", n + 1);
                    if strict {
                        return Err(format!("{path}: {message}"));
                    }
                    summary.stopped.push(LineError {
                        file: path.clone(),
                        line: n + 1,
                        message,
                    });
                    break;
                }
            };
            n += 1;
            progress(len + 1);
            let parsed = if len > input::MAX_LINE as u64 {
                summary.too_long += 1;
                Err(format!(
                    "{len} bytes, longer than the {} MiB a line may have",
                    input::MAX_LINE >> 20
                ))
            } else {
                match std::str::from_utf8(&line) {
                    Ok(text) if text.trim().is_empty() => continue,
                    Ok(text) => parse_line(text.trim(), shape),
                    Err(e) => Err(format!(
                        "not UTF-8 text (byte {} is invalid)",
                        e.valid_up_to() + 1
                    )),
                }
            };
            summary.lines += 1;
            match parsed {
                Ok(e) => tally.add(e, known),
                Err(message) => {
                    if strict {
                        return Err(format!("{path}: line {n}: {message}"));
                    }
                    summary.skipped += 1;
                    if summary.first_errors.len() < SHOWN_ERRORS {
                        summary.first_errors.push(LineError {
                            file: path.clone(),
                            line: n,
                            message,
                        });
                    }
                }
            }
        }
    }
    summary.used = tally.used;
    summary.other_checklists = tally.foreign;
    let (from, until) = (tally.since, tally.until);
    Ok(Report {
        version: 1,
        input: summary,
        observed_from: from,
        observed_until: until,
        groups: tally.finish(known, by),
    })
}
