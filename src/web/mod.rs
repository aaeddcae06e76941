//! The JavaScript API: `mount()`, `validateConfig()` and `Checklist`.
//!
//! Thin by design: it turns JS calls and DOM events into core `Input`s and carries
//! out the `Effect`s the core returns. Host code (callbacks, a storage adapter, focus
//! listeners) never runs while Rust holds the checklist's state, so it may call back
//! into the checklist freely (see `dispatch`).
//!
//! The files import in one direction (tests/host/layers.rs), lowest first:
//! - `js`, `slot`, `fault`, `options`, `storage`, `host`: the JS boundary (every call
//!   that can run host code is caught), the state's cell, what goes to `onError`,
//!   options, storage back-ends, callbacks and events. `host.js` holds their JavaScript
//!   helpers (and `claim`'s).
//! - `dom` (+ `dom.js`), `render` (+ `style.css`): the DOM interpreter and its batches;
//!   the view, which writes every change as a batch.
//! - `claim`: the Web Lock behind a once-only event.
//! - `live`: a mounted checklist's state and how to read and change it.
//! - `persist`: saving, reading what other tabs wrote, keeping the good copy.
//! - `dispatch`: the input loop, the ordered event outbox, claims, timers, `destroy()`.
//! - `tabs`: other tabs' writes (`storage` events, BroadcastChannel), merged by the loop.
//! - `checklist`: the `Checklist` class the host holds.
//! - `mount`: `mount()`, `validateConfig()`, loading, the widget's DOM listeners.

mod checklist;
mod claim;
mod dispatch;
mod dom;
mod fault;
mod host;
mod js;
mod live;
mod mount;
mod options;
mod persist;
mod render;
mod slot;
mod storage;
mod tabs;

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
