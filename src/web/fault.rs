//! What goes to `onError({ code, message })`: a runtime fault the widget carried on
//! through (storage, a callback, a host API that threw).

use super::js::host_message;
use wasm_bindgen::JsValue;

/// A runtime fault, reported to `onError` as `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `storage_unavailable`, `storage_read_failed`, `storage_write_failed`,
    /// `storage_corrupt`, `storage_pruned`, `storage_newer`, `callback_failed`,
    /// `invalid_argument`, `clock_skew`, `lock_timeout`, `host_error`.
    pub code: &'static str,
    /// What happened.
    pub message: String,
}

impl Fault {
    /// A fault with `code`.
    pub fn new(code: &'static str, message: impl Into<String>) -> Fault {
        Fault {
            code,
            message: message.into(),
        }
    }
}

/// The fault for a host exception met while doing `what`.
pub fn host_fault(what: &str, e: &JsValue) -> Fault {
    let mut m = String::from("a script on the page made ");
    m.push_str(what);
    m.push_str(" throw (");
    m.push_str(&host_message(e));
    m.push_str("); the widget carried on");
    Fault::new("host_error", m)
}
