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
