//! `firstvalue`: validate configs in CI and print the config's JSON Schema.
//!
//! ```text
//! firstvalue check <config.json>...   errors and warnings, compiler style; exit 1 on errors
//! firstvalue schema                   the config's JSON Schema on stdout
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use firstvalue::core::{parse_config_json, schema, Report};

    const USAGE: &str = "usage: firstvalue check <config.json>...\n       firstvalue schema";

    pub fn run(args: Vec<String>) -> i32 {
        match args.first().map(String::as_str) {
            Some("check") if args.len() > 1 => {
                args[1..].iter().map(|p| check(p)).max().unwrap_or(0)
            }
            Some("schema") if args.len() == 1 => {
                match serde_json::to_string_pretty(&schema::json_schema()) {
                    Ok(text) => {
                        println!("{text}");
                        0
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        2
                    }
                }
            }
            Some("--version") => {
                println!("firstvalue {}", env!("CARGO_PKG_VERSION"));
                0
            }
            _ => {
                eprintln!("{USAGE}");
                2
            }
        }
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

    /// Compiler-style lines: `error: path: message`, `  --> file`, and a summary.
    pub fn render(file: &str, report: &Report) -> String {
        let mut out = String::new();
        for (level, list) in [("error", &report.errors), ("warning", &report.warnings)] {
            for p in list {
                let at = if p.path.is_empty() { "(root)" } else { &p.path };
                out.push_str(&format!("{level}: {}\n  --> {file} at {at}\n", p.message));
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
