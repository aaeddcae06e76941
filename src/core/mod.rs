//! The core: config model and validation, segments, the progress state machine,
//! first value and TTFV, and the persisted snapshot. Pure Rust: no browser, no
//! clock, no I/O. Everything here is tested with plain `cargo test`.

pub mod condition;
pub mod duration;
pub mod error;
pub mod experiment;
pub mod index;
pub mod json;
pub mod limits;
pub mod model;
pub mod notice;
pub mod num;
pub mod parse;
pub mod progress;
pub mod rule;
pub mod schema;
pub mod segment;
pub mod shape;
pub mod snapshot;
pub mod state;
pub mod strs;
pub mod url;
pub mod validate;

pub use error::{Problem, Report};
pub use notice::Notice;
pub use validate::{check_config, parse_config};

/// Parses JSON text and validates it as a config.
///
/// ```
/// let (config, warnings) = firstvalue::core::parse_config_json(
///     r#"{"version":1,"id":"demo","title":"Start","steps":[{"id":"a","title":"A"}]}"#,
/// ).unwrap();
/// assert_eq!(config.steps.len(), 1);
/// assert!(warnings.errors.is_empty());
/// ```
pub fn parse_config_json(text: &str) -> Result<(model::Checklist, Report), Report> {
    parse_config(&parse_json(text)?)
}

/// JSON text to a [`json::Value`], with a located error.
pub fn parse_json(text: &str) -> Result<json::Value, Report> {
    parse::parse(text).map_err(|e| {
        let mut r = Report::default();
        r.error(
            "",
            error::codes::INVALID_JSON,
            prose!(format!("not valid JSON: {e}")),
        );
        r
    })
}
