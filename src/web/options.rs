//! The `options` argument of `mount()`: read, checked, every problem reported.

use super::js::{message, try_from_js, try_get};
use crate::core::error::codes;
use crate::core::json::Value;
use crate::core::Report;
use js_sys::{Function, Object};
use wasm_bindgen::{JsCast, JsValue};

const KEYS: [&str; 13] = [
    "user",
    "account",
    "segment",
    "startedAt",
    "storage",
    "onEvent",
    "onStepCompleted",
    "onFirstValue",
    "onComplete",
    "onGoalMissed",
    "onStalled",
    "onGoalAtRisk",
    "onError",
];

/// Where progress is kept.
pub enum StorageChoice {
    /// `localStorage` (default).
    Local,
    /// `sessionStorage`.
    Session,
    /// Only in this page.
    Memory,
    /// The host's `{ load(key), save(key, value) }`.
    Host(JsValue, Function, Function),
}

/// Host callbacks, by SPEC name.
#[derive(Default, Clone)]
pub struct Callbacks {
    /// Every event.
    pub on_event: Option<Function>,
    /// `step_completed`.
    pub on_step_completed: Option<Function>,
    /// `first_value`.
    pub on_first_value: Option<Function>,
    /// `checklist_completed`.
    pub on_complete: Option<Function>,
    /// `goal_missed`.
    pub on_goal_missed: Option<Function>,
    /// `checklist_stalled`.
    pub on_stalled: Option<Function>,
    /// `goal_at_risk`.
    pub on_goal_at_risk: Option<Function>,
    /// Runtime faults.
    pub on_error: Option<Function>,
}

/// Checked options.
pub struct Options {
    /// The user id (default `anonymous`).
    pub user_id: String,
    /// The user's traits (an object, or null), with the account's as `account.<trait>`.
    pub traits: Value,
    /// The account id (`options.account.id`): account-scoped steps are shared under it.
    pub account: Option<String>,
    /// A forced segment id.
    pub segment: Option<String>,
    /// The host's `startedAt`, epoch ms.
    pub started_at: Option<u64>,
    /// Storage.
    pub storage: StorageChoice,
    /// Callbacks.
    pub callbacks: Callbacks,
}

/// `o[key]` for option `path`, or `None` when reading it threw: that is reported at
/// the path (a throwing getter or Proxy trap never turns into a default quietly).
fn read_key(o: &JsValue, key: &str, path: &str, out: &mut Report) -> Option<JsValue> {
    try_get(o, key)
        .map_err(|m| out.error(path, codes::UNREADABLE, format!("reading it threw: {m}")))
        .ok()
}

fn func(opts: &JsValue, key: &str, out: &mut Report) -> Option<Function> {
    let path = format!("options.{key}");
    let v = read_key(opts, key, &path, out)?;
    if v.is_undefined() || v.is_null() {
        return None;
    }
    match v.dyn_into::<Function>() {
        Ok(f) => Some(f),
        Err(_) => {
            out.error(&path, codes::WRONG_TYPE, prose!("must be a function"));
            None
        }
    }
}

/// Reads `options` (undefined or null mean all defaults).
pub fn read(opts: &JsValue, out: &mut Report) -> Options {
    if !(opts.is_undefined() || opts.is_null() || opts.is_object()) {
        out.error("options", codes::WRONG_TYPE, prose!("must be an object"));
    }
    if opts.is_object() {
        // Reflect.ownKeys, not Object.keys: it is the one of the two that can report a
        // throwing Proxy `ownKeys` trap instead of unwinding through the wasm.
        match js_sys::Reflect::own_keys(opts.unchecked_ref::<Object>()) {
            Ok(keys) => {
                for key in keys.iter().filter_map(|k| k.as_string()) {
                    if !KEYS.contains(&key.as_str()) {
                        out.error(
                            &format!("options.{key}"),
                            codes::UNKNOWN_KEY,
                            prose!(format!(
                                "unknown option \"{key}\"{}",
                                crate::core::error::did_you_mean(&key, KEYS)
                            )),
                        );
                    }
                }
            }
            Err(e) => out.error(
                "options",
                codes::UNREADABLE,
                format!("listing its keys threw: {}", message(&e)),
            ),
        }
    }
    let (user_id, traits) = party(opts, "user", out);
    let user_id = user_id.unwrap_or_else(|| "anonymous".to_string());
    let (account, account_traits) = party(opts, "account", out);
    let traits = if account.is_some() {
        crate::core::segment::with_account(&traits, &account_traits)
    } else {
        traits
    };
    let seg = read_key(opts, "segment", "options.segment", out).unwrap_or(JsValue::NULL);
    let segment = match seg.as_string() {
        Some(s) => Some(s),
        None if seg.is_undefined() || seg.is_null() => None,
        None => {
            out.error(
                "options.segment",
                codes::WRONG_TYPE,
                prose!("must be a segment id (a string)"),
            );
            None
        }
    };
    let started_at =
        read_key(opts, "startedAt", "options.startedAt", out).and_then(|v| started(&v, out));
    let storage = match read_key(opts, "storage", "options.storage", out) {
        Some(v) => storage(&v, out),
        None => StorageChoice::Memory,
    };
    let callbacks = Callbacks {
        on_event: func(opts, "onEvent", out),
        on_step_completed: func(opts, "onStepCompleted", out),
        on_first_value: func(opts, "onFirstValue", out),
        on_complete: func(opts, "onComplete", out),
        on_goal_missed: func(opts, "onGoalMissed", out),
        on_stalled: func(opts, "onStalled", out),
        on_goal_at_risk: func(opts, "onGoalAtRisk", out),
        on_error: func(opts, "onError", out),
    };
    Options {
        user_id,
        traits,
        account,
        segment,
        started_at,
        storage,
        callbacks,
    }
}

/// `options.user` or `options.account`: `{ id, traits }`. The id is required when the
/// object is given.
fn party(opts: &JsValue, key: &str, out: &mut Report) -> (Option<String>, Value) {
    let path = format!("options.{key}");
    let v = read_key(opts, key, &path, out).unwrap_or(JsValue::UNDEFINED);
    let (mut id, mut traits) = (None, Value::Null);
    if v.is_undefined() || v.is_null() {
        return (id, traits);
    }
    if !v.is_object() {
        out.error(
            &path,
            codes::WRONG_TYPE,
            prose!("must be an object { id, traits }"),
        );
    }
    let id_path = format!("{path}.id");
    if let Some(raw) = read_key(&v, "id", &id_path, out) {
        let chars = |s: &str| crate::core::strs::char_count(s);
        match (raw.as_string(), raw.as_f64()) {
            (Some(s), _) if !s.is_empty() && chars(&s) <= 256 => id = Some(s),
            (None, Some(n)) if n.is_finite() => id = Some(crate::core::num::decimal(n)),
            _ if raw.is_undefined() => out.error(
                &id_path,
                codes::MISSING_KEY,
                prose!("required: the id progress is stored under"),
            ),
            _ => out.error(
                &id_path,
                codes::INVALID_ID,
                prose!("must be a non-empty string of at most 256 characters"),
            ),
        }
    }
    let t_path = format!("{path}.traits");
    let t = read_key(&v, "traits", &t_path, out).unwrap_or(JsValue::NULL);
    if !(t.is_undefined() || t.is_null()) {
        match try_from_js(&t) {
            Ok(v @ Value::Object(_)) => traits = v,
            Ok(_) => out.error(
                &t_path,
                codes::WRONG_TYPE,
                prose!("must be an object of trait names to values"),
            ),
            Err(m) => out.error(&t_path, codes::UNREADABLE, format!("cannot be read: {m}")),
        }
    }
    (id, traits)
}

fn started(v: &JsValue, out: &mut Report) -> Option<u64> {
    if v.is_undefined() || v.is_null() {
        return None;
    }
    let ms = if let Some(n) = v.as_f64() {
        n
    } else if let Some(s) = v.as_string() {
        js_sys::Date::parse(&s)
    } else {
        super::js::date(v).unwrap_or(f64::NAN)
    };
    if (0.0..1e15).contains(&ms) {
        Some(ms as u64)
    } else {
        out.error(
            "options.startedAt",
            codes::INVALID_VALUE, prose!("must be epoch milliseconds or an ISO 8601 date-time such as \"2026-11-20T09:00:00Z\""));
        None
    }
}

fn storage(v: &JsValue, out: &mut Report) -> StorageChoice {
    match v.as_string().as_deref() {
        _ if v.is_undefined() || v.is_null() => StorageChoice::Local,
        Some("local") => StorageChoice::Local,
        Some("session") => StorageChoice::Session,
        Some("memory") => StorageChoice::Memory,
        Some(other) => {
            out.error("options.storage", codes::INVALID_VALUE, prose!(format!("unknown storage \"{other}\": use \"local\", \"session\", \"memory\" or {{ load, save }}")));
            StorageChoice::Memory
        }
        None => {
            let load = read_key(v, "load", "options.storage.load", out);
            let save = read_key(v, "save", "options.storage.save", out);
            let (threw_load, threw_save) = (load.is_none(), save.is_none());
            let load = load.unwrap_or_default().dyn_into::<Function>();
            let save = save.unwrap_or_default().dyn_into::<Function>();
            match (load, save) {
                (Ok(l), Ok(s)) => StorageChoice::Host(v.clone(), l, s),
                (l, s) => {
                    if l.is_err() && !threw_load {
                        out.error("options.storage.load", codes::WRONG_TYPE, prose!("must be a function load(key) returning a string, null or a Promise of one"));
                    }
                    if s.is_err() && !threw_save {
                        out.error(
                            "options.storage.save",
                            codes::WRONG_TYPE,
                            prose!("must be a function save(key, value)"),
                        );
                    }
                    StorageChoice::Memory
                }
            }
        }
    }
}
