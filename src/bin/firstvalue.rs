//! `firstvalue`: validate configs in CI, print the config's JSON Schema, and report time to
//! first value from exported events.
//!
//! ```text
//! firstvalue check <config.json>...       errors and warnings, compiler style; exit 1 on errors
//! firstvalue schema                       the config's JSON Schema on stdout
//! firstvalue report [FILES]... [options]  per-segment TTFV, Kaplan–Meier, funnel (see --help)
//! firstvalue simulate --users N --seed S  realistic events for a config, as JSON Lines
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand, ValueEnum};
    use firstvalue::core::{parse_config_json, schema, Report};
    use firstvalue::report::{self, compute::By, compute::Known, input::Shape, output};
    use std::io::{IsTerminal, Write};

    #[derive(Parser)]
    #[command(
        name = "firstvalue",
        version,
        about = "firstvalue: check onboarding configs, and report time to first value from exported events"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Check configs: every error and warning with its JSON path; exit 1 on errors.
        Check {
            #[arg(required = true)]
            configs: Vec<String>,
        },
        /// Print the config's JSON Schema.
        Schema,
        /// Per-segment TTFV, first value within the goal, a Kaplan–Meier curve and a step
        /// funnel, from exported events (JSON Lines, optionally .gz; files or stdin).
        Report {
            /// Event files (.jsonl or .jsonl.gz); none or `-`: standard input.
            files: Vec<String>,
            /// The config: goals, step titles and order; events of other checklists are left out.
            #[arg(long)]
            config: Option<String>,
            /// What to print on stdout (with --out, the HTML page goes to that file).
            #[arg(long, value_enum, default_value_t = Format::Md)]
            format: Format,
            /// Write the self-contained HTML page here.
            #[arg(long)]
            out: Option<String>,
            /// Group users per segment, or per segment and start week.
            #[arg(long, value_enum, default_value_t = By::Segment)]
            by: By,
            /// The shape of the lines: onEvent's, or Segment/RudderStack track calls.
            #[arg(long = "from", value_enum, default_value_t = Shape::Auto)]
            from: Shape,
            /// Stop at the first unusable line instead of skipping it.
            #[arg(long)]
            strict: bool,
            /// Print the same metrics as SQL over an events table, and exit.
            #[arg(long)]
            sql: bool,
        },
        /// Realistic events for a config (default: the demo's), as JSON Lines on stdout.
        Simulate {
            #[arg(long, default_value_t = 1000)]
            users: u64,
            #[arg(long, default_value_t = 1)]
            seed: u64,
            #[arg(long)]
            config: Option<String>,
        },
    }

    #[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Format {
        Md,
        Json,
        Csv,
        Html,
    }

    pub fn run() -> i32 {
        let cli = match Cli::try_parse() {
            Ok(c) => c,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() { 2 } else { 0 };
            }
        };
        match cli.command {
            Command::Check { configs } => configs.iter().map(|p| check(p)).max().unwrap_or(0),
            Command::Schema => match serde_json::to_string_pretty(&schema::json_schema()) {
                Ok(text) => {
                    println!("{text}");
                    0
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    2
                }
            },
            Command::Simulate {
                users,
                seed,
                config,
            } => {
                let config = match load_config(config.as_deref()) {
                    Ok(c) => c,
                    Err(m) => {
                        eprintln!("error: {m}");
                        return 2;
                    }
                };
                let stdout = std::io::stdout().lock();
                let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
                match report::simulate::simulate(&config, users, seed, &mut out) {
                    Ok(_) => 0,
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                    Err(e) => {
                        eprintln!("error: {e}");
                        2
                    }
                }
            }
            Command::Report {
                files,
                config,
                format,
                out,
                by,
                from,
                strict,
                sql,
            } => {
                if sql {
                    print!("{}", report::SQL);
                    return 0;
                }
                report_cmd(files, config, format, out, by, from, strict)
            }
        }
    }

    fn load_config(path: Option<&str>) -> Result<firstvalue::core::model::Checklist, String> {
        let text = match path {
            Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{p}: cannot read: {e}"))?,
            None => include_str!("../../www/acme.config.json").to_string(),
        };
        parse_config_json(&text).map(|(c, _)| c).map_err(|r| {
            format!(
                "{}: invalid config:\n{}",
                path.unwrap_or("demo config"),
                r.error_text()
            )
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn report_cmd(
        mut files: Vec<String>,
        config: Option<String>,
        format: Format,
        out: Option<String>,
        by: By,
        from: Shape,
        strict: bool,
    ) -> i32 {
        let known = match config.as_deref().map(|p| load_config(Some(p))) {
            None => Known::default(),
            Some(Ok(c)) => Known::from_config(&c),
            Some(Err(m)) => {
                eprintln!("error: {m}");
                return 2;
            }
        };
        if files.is_empty() {
            files.push("-".into());
        }
        let total: u64 = files
            .iter()
            .filter(|f| *f != "-")
            .filter_map(|f| std::fs::metadata(f).ok().map(|m| m.len()))
            .sum();
        let started = std::time::Instant::now();
        // A progress bar on a terminal, for inputs big enough to wait for.
        let bar = (std::io::stderr().is_terminal() && total > 50_000_000).then(|| {
            let b = indicatif::ProgressBar::new(total);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {elapsed} (eta {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        let mut pending = 0u64;
        let result = report::run(&files, from, &known, by, strict, |n| {
            if let Some(b) = &bar {
                pending += n;
                if pending > 1 << 20 {
                    b.inc(pending);
                    pending = 0;
                }
            }
        });
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let r = match result {
            Ok(r) => r,
            Err(m) => {
                eprintln!("error: {m}");
                return 1;
            }
        };
        let i = &r.input;
        eprintln!(
            "firstvalue report: {} lines, {} events used, {} skipped{}; {} groups; {:.1} s, peak memory {}",
            i.lines,
            i.used,
            i.skipped,
            if i.other_checklists > 0 { format!(", {} of other checklists", i.other_checklists) } else { String::new() },
            r.groups.len(),
            started.elapsed().as_secs_f64(),
            peak_memory()
        );
        for e in &i.first_errors {
            eprintln!("  skipped {}:{}: {}", e.file, e.line, e.message);
        }
        for w in output::input_warnings(i) {
            eprintln!("warning: {w}");
        }
        if let Some(path) = &out {
            if let Err(e) = std::fs::write(path, output::html(&r)) {
                eprintln!("error: {path}: {e}");
                return 2;
            }
            eprintln!("wrote {path}");
        }
        let text = match format {
            Format::Md if out.is_some() => return 0,
            Format::Md => output::markdown(&r),
            Format::Json => output::json(&r),
            Format::Csv => output::csv(&r),
            Format::Html => output::html(&r),
        };
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        0
    }

    /// The process's peak resident memory (Linux), for the summary line.
    fn peak_memory() -> String {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            })
            .map_or("n/a".into(), |kb| format!("{:.0} MiB", kb as f64 / 1024.0))
    }

    fn check(path: &str) -> i32 {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {path}: cannot read: {e}");
                return 2;
            }
        };
        let report = match parse_config_json(&text) {
            Ok((_, warnings)) => warnings,
            Err(report) => report,
        };
        print!("{}", render(path, &report));
        i32::from(!report.errors.is_empty())
    }

    /// Compiler-style lines: `error[code]: message`, `  --> file at path`, and a summary.
    pub fn render(file: &str, report: &Report) -> String {
        let mut out = String::new();
        for (level, list) in [("error", &report.errors), ("warning", &report.warnings)] {
            for p in list {
                let at = if p.path.is_empty() { "(root)" } else { &p.path };
                out.push_str(&format!(
                    "{level}[{}]: {}\n  --> {file} at {at}\n",
                    p.code, p.message
                ));
            }
        }
        let (e, w) = (report.errors.len(), report.warnings.len());
        let verdict = if e == 0 { "ok" } else { "invalid" };
        out.push_str(&format!(
            "{file}: {verdict}: {e} error(s), {w} warning(s)\n"
        ));
        out
    }
}
