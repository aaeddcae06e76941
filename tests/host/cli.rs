//! `firstvalue check` and `firstvalue schema`, run as a user would.

use std::process::Command;

fn cli(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_firstvalue"))
        .args(args)
        .output()
        .expect("run cli");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn check_passes_a_valid_config() {
    let (code, out) = cli(&["check", "tests/fixtures/spec-example.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("tests/fixtures/spec-example.json: ok: 0 error(s), 0 warning(s)"),
        "{out}"
    );
}

#[test]
fn check_fails_with_compiler_style_errors() {
    let dir = std::env::temp_dir().join(format!("fv-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A","requires":["conect"]}]}"#).unwrap();
    let (code, out) = cli(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "error[unknown_step]: unknown step \"conect\" (did you mean \"connect\"?)\n  --> "
        ) || out.contains("error[unknown_step]: unknown step \"conect\"\n  --> "),
        "{out}"
    );
    assert!(out.contains(" at steps[0].requires[0]\n"), "{out}");
    assert!(out.contains("invalid: 1 error(s)"), "{out}");
}

#[test]
fn check_reports_unreadable_files_and_usage() {
    assert_eq!(cli(&["check", "/nonexistent/x.json"]).0, 2);
    assert_eq!(cli(&[]).0, 2);
}

#[test]
fn schema_prints_json() {
    let (code, out) = cli(&["schema"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"$ref\": \"#/$defs/Config\""), "{out}");
}

#[test]
fn check_locates_bad_completion_rules() {
    let (code, out) = cli(&["check", "tests/fixtures/bad-rules.json"]);
    assert_eq!(code, 1, "{out}");
    for (path, says) in [
        (
            "steps[0].completeOn[0].within",
            "\"within\" needs \"count\"",
        ),
        ("steps[0].completeOn[1]", "(did you mean \"event\"?)"),
        ("steps[0].completeOn[2].page", "a path starting with \"/\""),
        (
            "steps[0].completeOn[3].click",
            "is not a valid CSS selector",
        ),
        (
            "steps[0].completeOn[4].where.rows.gtee",
            "(did you mean \"gte\"?)",
        ),
    ] {
        let at = out
            .find(&format!(" at {path}\n"))
            .unwrap_or_else(|| panic!("{path}: {out}"));
        let line = out[..at].lines().last().unwrap_or_default();
        assert!(
            line.contains(says)
                || out[..at]
                    .rsplit("error:")
                    .next()
                    .unwrap_or("")
                    .contains(says),
            "{path}: {out}"
        );
    }
    assert!(out.contains("invalid: 5 error(s)"), "{out}");
}

#[test]
fn the_readme_rules_example_is_the_fixture_and_passes_check() {
    let readme = include_str!("../../README.md");
    let fixture = include_str!("../fixtures/rules-example.json");
    assert!(
        readme.contains(fixture),
        "README's completion rules example drifted from tests/fixtures/rules-example.json"
    );
    let (code, out) = cli(&["check", "tests/fixtures/rules-example.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: 0 error(s), 0 warning(s)"), "{out}");
}

/// `tests/fixtures/selectors.json`: each step's title says whether its click selector is
/// refused; the browser test `the_cli_and_the_browser_agree_on_selectors` reads the same file.
#[test]
fn check_refuses_the_selectors_the_browser_refuses() {
    let (code, out) = cli(&["check", "tests/fixtures/selectors.json"]);
    assert_eq!(code, 1, "{out}");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/selectors.json").unwrap())
            .unwrap();
    for (i, step) in config["steps"].as_array().unwrap().iter().enumerate() {
        let refused = step["title"].as_str().unwrap().starts_with("refused");
        let at = format!(" at steps[{i}].completeOn[0].click\n");
        assert_eq!(out.contains(&at), refused, "{}: {out}", step["title"]);
    }
    assert!(out.contains("never targets a pseudo-element"), "{out}");
}
