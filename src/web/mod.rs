//! The JavaScript API: `mount()`, `validateConfig()` and `Checklist`.
//!
//! Thin by design: it turns JS calls and DOM events into core `Input`s and carries
//! out the `Effect`s the core returns. Host code (callbacks, a storage adapter, focus
//! listeners) never runs while Rust holds the checklist's state, so it may call back
//! into the checklist freely (see `dispatch`).
//!
//! - `mount`: `mount()`, `validateConfig()`, loading, the widget's DOM listeners.
//! - `checklist`: the `Checklist` class the host holds.
//! - `dispatch`: the live state, the input loop, the ordered event outbox, `destroy()`.
//! - `claim`: once-only events claimed through Web Locks, across checklists and tabs.
//! - `sync`: saving, other tabs' writes, catch-up reads, writing back good state.
//! - `render` (+ `dom`, `style.css`): the DOM in a shadow root.
//! - `slot`: the state's cell, whose stale borrow a new task takes back.
//! - `host`, `options`, `storage`, `js`: callbacks and events, options, storage
//!   back-ends, and the JS boundary (every call that can run host code is caught).
//! - `fault`: what goes to `onError` (storage faults, a callback or host API that threw).

mod checklist;
mod claim;
mod dispatch;
mod dom;
mod fault;
mod host;
mod js;
mod mount;
mod options;
mod render;
mod slot;
mod storage;
mod sync;

pub use checklist::Checklist;
pub use mount::{mount, validate_config};

use wasm_bindgen::prelude::*;

/// Runs once when the module loads: a panic (a bug; none is known) says what
/// happened on the console instead of an opaque `unreachable` trap.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        // Where, and the message when it is a plain string: no `Display` of the whole info.
        let mut m = String::from("firstvalue: internal error, please report it: ");
        let payload = info.payload();
        if let Some(s) = payload.downcast_ref::<&str>() {
            m.push_str(s);
        } else if let Some(s) = payload.downcast_ref::<String>() {
            m.push_str(s);
        }
        if let Some(at) = info.location() {
            m.push_str(" at ");
            m.push_str(at.file());
            m.push(':');
            m.push_str(&crate::core::strs::number(at.line() as u64));
        }
        web_sys::console::error_1(&JsValue::from_str(&m));
    }));
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");
