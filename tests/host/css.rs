//! The compile-time CSS minifier (`firstvalue::css`).

use firstvalue::css::{minify, WIDGET};

/// Minifies with a buffer exactly as long as the output, as `WIDGET` does.
fn min(src: &str) -> String {
    let (_, len) = minify::<0>(src.as_bytes());
    let (bytes, full) = minify::<256>(src.as_bytes());
    assert_eq!(len, full, "sizing and writing passes disagree");
    assert!(len <= 256, "test input too long");
    String::from_utf8(bytes[..len].to_vec()).unwrap()
}

#[test]
fn drops_comments_whitespace_and_the_last_semicolon() {
    assert_eq!(
        min("/* note */\n.a {\n  color: red;\n  margin: 0 4px;\n}\n"),
        ".a{color:red;margin:0 4px}"
    );
    assert_eq!(min(".a, .b > .c { x: 1 }"), ".a, .b>.c{x:1}");
    assert_eq!(
        min("a/**/b{}"),
        "a b{}",
        "a comment separates like whitespace"
    );
    assert_eq!(min("a /*/ still a comment */ b{}"), "a b{}");
}

#[test]
fn keeps_what_whitespace_means() {
    // Descendant combinators, `:` after a space in a selector, `and (`, calc's operators.
    assert_eq!(min(".a .b :hover{}"), ".a .b :hover{}");
    assert_eq!(
        min("@media (prefers-color-scheme: dark) and (min-width: 1px) {}"),
        "@media (prefers-color-scheme:dark) and (min-width:1px){}"
    );
    assert_eq!(
        min("x { width: calc(100vw - 40px); y: 3n + 1 }"),
        "x{width:calc(100vw - 40px);y:3n + 1}"
    );
    assert_eq!(min("x { a: none !important; }"), "x{a:none !important}");
}

#[test]
fn strings_pass_through_as_written() {
    assert_eq!(
        min(".m::before { content: \"★  /* not a comment */ ; }\"; }"),
        ".m::before{content:\"★  /* not a comment */ ; }\"}"
    );
    assert_eq!(min("f { font: 'Segoe UI',  x; }"), "f{font:'Segoe UI', x}");
}

#[test]
fn the_widget_sheet_is_the_source_minified() {
    let source = include_str!("../../src/web/style.css");
    assert!(
        WIDGET.len() < source.len() * 9 / 10,
        "{} of {}",
        WIDGET.len(),
        source.len()
    );
    assert!(!WIDGET.contains("/*") && !WIDGET.contains('\n') && !WIDGET.contains(";}"));
    // Every custom property and every quoted string of the source survives.
    for part in source.split(['"', ';', '{', '}']) {
        let part = part.trim();
        if part.starts_with("--fv-") || part.starts_with('★') {
            let compact = part.replace(": ", ":");
            assert!(WIDGET.contains(&compact), "{compact} missing");
        }
    }
    assert_eq!(
        source.matches('{').count(),
        WIDGET.matches('{').count(),
        "every block is kept"
    );
}
