//! Host integration tests: one binary, a module per area.
#![cfg(not(target_arch = "wasm32"))]

mod host;
