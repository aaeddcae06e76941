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
    /// A fault with `code`. `message` is prose ([`prose!`]): the development build's
    /// words; in the production build the message is the code.
    pub fn new(code: &'static str, message: impl Into<String>) -> Fault {
        let message = message.into();
        Fault {
            code,
            message: if message.is_empty() {
                code.to_string()
            } else {
                message
            },
        }
    }

    /// A fault about what the host's code said (`words`: an exception's message, a
    /// value's kind): `prose` in the development build, the words in the production one.
    pub fn host(code: &'static str, prose: impl Into<String>, words: String) -> Fault {
        let prose = prose.into();
        Fault::new(code, if prose.is_empty() { words } else { prose })
    }
}

/// The fault for a host exception met while doing `what`.
pub fn host_fault(what: &str, e: &JsValue) -> Fault {
    let words = host_message(e);
    let prose = prose!(format!(
        "a script on the page made {what} throw ({words}); the widget carried on"
    ));
    Fault::host("host_error", prose, words)
}
