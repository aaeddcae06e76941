//! Where progress is kept: localStorage, sessionStorage, memory, or the host's
//! `{ load, save }`. Every fault becomes a [`Fault`] for `onError`; the widget
//! then carries on in memory.

use super::fault::Fault;
use super::js::{is_thenable, message};
use super::options::StorageChoice;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    // `getItem`/`setItem` with the text as a JS string: stored text is compared and kept
    // on the JS side, not copied into the wasm on every input (a large snapshot made
    // every `track()` cost a millisecond in copies alone).
    type Area;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_js(this: &Area, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_js(this: &Area, key: &str, value: &JsValue) -> Result<(), JsValue>;
}

/// What a load gave.
pub enum Loaded {
    /// The stored text, or nothing stored.
    Now(Option<String>),
    /// The host's load returned a Promise or any other thenable (another window's
    /// Promise, a library's deferred): its value comes later.
    Later(JsValue),
}

/// A configured store for one key.
pub enum Store {
    /// A Web Storage area; `true` for localStorage (shared by tabs, with `storage` events).
    Web(web_sys::Storage, bool),
    /// Nothing is kept beyond this page.
    Memory,
    /// The host adapter: the object (as `this`), `load`, `save`.
    Host(JsValue, Function, Function),
}

impl Store {
    /// Opens the chosen storage; if the browser refuses it, memory and a fault.
    pub fn open(choice: StorageChoice) -> (Store, Option<Fault>) {
        let area = |local: bool| -> Result<web_sys::Storage, Fault> {
            let w = super::js::window();
            let s = if local {
                w.local_storage()
            } else {
                w.session_storage()
            };
            match s {
                Ok(Some(s)) => Ok(s),
                Ok(None) => Err(Fault::new(
                    "storage_unavailable",
                    prose!("Web Storage is not available; progress is kept in memory"),
                )),
                Err(e) => {
                    let words = message(&e);
                    let m = prose!(format!(
                        "Web Storage is disabled ({words}); progress is kept in memory"
                    ));
                    Err(Fault::host("storage_unavailable", m, words))
                }
            }
        };
        let web = |local| match area(local) {
            Ok(s) => (Store::Web(s, local), None),
            Err(f) => (Store::Memory, Some(f)),
        };
        match choice {
            StorageChoice::Local => web(true),
            StorageChoice::Session => web(false),
            StorageChoice::Memory => (Store::Memory, None),
            StorageChoice::Host(this, load, save) => (Store::Host(this, load, save), None),
        }
    }

    /// Whether this is the browser's localStorage (shared by tabs, with `storage` events).
    pub fn is_local(&self) -> bool {
        matches!(self, Store::Web(_, true))
    }

    /// Whether this keeps nothing (memory storage): saving it is a no-op.
    pub fn is_memory(&self) -> bool {
        matches!(self, Store::Memory)
    }

    /// Loads the text stored under `key`.
    pub fn load(&self, key: &str) -> Result<Loaded, Fault> {
        match self {
            Store::Web(..) => text(&self.load_js(key)?).map(Loaded::Now),
            Store::Memory => Ok(Loaded::Now(None)),
            Store::Host(this, load, _) => {
                let r = load.call1(this, &key.into()).map_err(|e| {
                    Fault::new(
                        "storage_read_failed",
                        format!("storage.load threw: {}", message(&e)),
                    )
                })?;
                let later = is_thenable(&r).map_err(|m| {
                    Fault::new(
                        "storage_read_failed",
                        format!("storage.load's result threw: {m}"),
                    )
                })?;
                if later {
                    Ok(Loaded::Later(r))
                } else {
                    text(&r).map(Loaded::Now)
                }
            }
        }
    }

    /// Saves `value` under `key`. A host save returning a Promise (or any thenable) is
    /// handed back so its rejection can be reported.
    /// What Web Storage holds under `key`, as the JS value `getItem` returned (null,
    /// or a string); `undefined` for the other stores.
    pub fn load_js(&self, key: &str) -> Result<JsValue, Fault> {
        match self {
            Store::Web(s, _) => s
                .unchecked_ref::<Area>()
                .get_js(key)
                .map_err(|e| Fault::new("storage_read_failed", message(&e))),
            _ => Ok(JsValue::UNDEFINED),
        }
    }

    /// Saves `value` (a JS string) under `key`.
    pub fn save(&self, key: &str, value: &JsValue) -> Result<Option<JsValue>, Fault> {
        match self {
            Store::Web(s, _) => s
                .unchecked_ref::<Area>()
                .set_js(key, value)
                .map(|_| None)
                .map_err(|e| {
                    let m = message(&e);
                    let quota = crate::core::strs::contains(&m.to_ascii_lowercase(), "quota")
                        || js_name(&e) == "QuotaExceededError";
                    let what = if quota {
                        "storage is full"
                    } else {
                        "storage refused the write"
                    };
                    Fault::new(
                        "storage_write_failed",
                        format!("{what} ({m}); progress is kept in memory"),
                    )
                }),
            Store::Memory => Ok(None),
            Store::Host(this, _, save) => {
                let r = save.call2(this, &key.into(), value).map_err(|e| {
                    Fault::new(
                        "storage_write_failed",
                        format!("storage.save threw: {}", message(&e)),
                    )
                })?;
                Ok(is_thenable(&r).unwrap_or(false).then_some(r))
            }
        }
    }
}

fn js_name(e: &JsValue) -> String {
    super::js::get(e, "name").as_string().unwrap_or_default()
}

/// A loaded value: a string, or null/undefined for nothing stored.
pub fn text(v: &JsValue) -> Result<Option<String>, Fault> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| {
        Fault::new(
            "storage_corrupt",
            prose!("storage.load returned neither a string nor null; starting fresh"),
        )
    })
}
