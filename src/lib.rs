//! # firstvalue
//!
//! An onboarding checklist widget for SaaS web apps, compiled to WebAssembly.
//! A host app embeds it with a JSON config of steps per customer segment; the
//! widget shows each user the right steps, tracks what they finish in the browser,
//! and tells the host the moment the user reaches **first value**, with the
//! **time to first value (TTFV)** measured against the segment's goal.
//!
//! ## Overview
//!
//! - [`core`]: config model and validation, segment matching, the progress
//!   state machine, first value and TTFV, the persisted snapshot. Pure Rust, no
//!   I/O, no clock: it builds and tests on the host.
//! - `web` (wasm32 only): the JavaScript API (`mount`, `validateConfig`,
//!   `Checklist`), rendering into a shadow root, storage and host callbacks.
//!
//! ## Usage
//!
//! ```
//! use firstvalue::core::{parse_config_json, segment::resolve, json::Value};
//! use firstvalue::core::progress::{Engine, Input};
//! use firstvalue::core::snapshot::Progress;
//!
//! let (config, _warnings) = parse_config_json(r#"{
//!   "version": 1, "id": "acme", "title": "Get started",
//!   "steps": [{ "id": "connect", "title": "Connect data", "completeOn": ["connected"] }],
//!   "segments": [{ "id": "all", "steps": ["connect"], "ttfvGoal": "PT30M" }]
//! }"#).unwrap();
//! let segment = resolve(&config, &Value::Null, None).unwrap();
//! let mut engine = Engine::new(config, segment, None, Progress::new(0));
//! engine.apply(Input::Mount, 0);
//! engine.apply(Input::Track("connected".into()), 120_000);
//! assert_eq!(engine.progress().first_value_at, Some(120_000));
//! ```
#![deny(missing_docs)]

/// A config or options problem's message. Prose in the development build, the CLI and the
/// tests (feature `prose`, on by default); compiled out of the production build, where
/// `Report` makes the message the problem's code (`steps[1].requires[0]: unknown_step`).
/// The closure only names the message's variables, so both builds compile the same code.
#[cfg(feature = "prose")]
macro_rules! prose {
    ($e:expr) => {
        $e
    };
}
/// A [`prose!`] message as a `String`, in either build.
pub(crate) fn prose_string(message: impl Into<String>) -> String {
    message.into()
}

#[cfg(not(feature = "prose"))]
macro_rules! prose {
    ($e:expr) => {{
        let _ = || $e;
        ""
    }};
}

pub mod core;
pub mod css;
/// `firstvalue report` and `simulate` (host-only: never in the wasm).
// The report's data types mirror its JSON document, whose fields are documented once, in
// docs/report.md.
#[cfg(not(target_arch = "wasm32"))]
#[allow(missing_docs)]
pub mod report;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The wasm allocator: talc instead of Rust's default dlmalloc, ~3 KB smaller gzipped
/// and no slower here (`make bench`). Realloc-in-place is off: it only costs bytes.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
