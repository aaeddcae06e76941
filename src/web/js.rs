//! Crossing the JS boundary: values, errors, time.

use crate::core::json::Value;
use crate::core::{Problem, Report};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `globalThis`, seen as the page's `Window`. One binding instead of
    /// `web_sys::window()`, which probes `globalThis`, `self`, `window` and `global`
    /// and checks the result with `instanceof` (four imports and ~0.3 KB of wasm);
    /// the widget only runs where there is a document.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: web_sys::Window;
}

/// The page's window.
pub fn window() -> web_sys::Window {
    GLOBAL.with(web_sys::Window::clone)
}

/// A JS value as a core [`Value`] (functions and symbols become null; too deep or
/// cyclic: null).
pub fn from_js(v: &JsValue) -> Value {
    try_from_js(v).unwrap_or(Value::Null)
}

/// A JS value as a core [`Value`], or why it cannot be one.
///
/// The value crosses the boundary once, as the text `JSON.stringify` makes (functions
/// and `undefined` dropped, Dates as ISO strings, cycles refused), and the core's parser
/// reads it: far fewer boundary crossings than walking the object key by key.
pub fn try_from_js(v: &JsValue) -> Result<Value, String> {
    if v.is_undefined() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(v).map_err(|e| {
        let m = message(&e);
        if crate::core::strs::contains(&m.to_ascii_lowercase(), "circular") {
            "a cyclic object".to_string()
        } else {
            m
        }
    })?;
    match text.as_string() {
        Some(t) => crate::core::parse::parse(&t),
        None => Ok(Value::Null),
    }
}

/// A core [`Value`] as a plain JS object/array/primitive.
pub fn to_js(v: &Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// `[{ path, message }]`.
pub fn problems(list: &[Problem]) -> Array {
    list.iter()
        .map(|p| {
            let o = Object::new();
            set(&o, "path", &p.path.as_str().into());
            set(&o, "message", &p.message.as_str().into());
            JsValue::from(o)
        })
        .collect()
}

/// A JS `Error` whose message lists every error and whose `errors` is the list.
pub fn error(headline: &str, report: &Report) -> JsValue {
    let mut text = headline.to_string();
    for p in &report.errors {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    let e = js_sys::Error::new(&text);
    set(&e, "errors", &problems(&report.errors));
    e.into()
}

/// A JS `Error` for a single problem at `path`.
pub fn error_at(path: &str, message: &str) -> JsValue {
    let mut r = Report::default();
    r.error(path, message);
    error(&r.errors[0].to_string(), &r)
}

/// `o[key] = v`, ignoring failure (only fails on frozen objects we did not make).
pub fn set(o: &JsValue, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &key.into(), v);
}

/// `o[key]`, or undefined.
pub fn get(o: &JsValue, key: &str) -> JsValue {
    if o.is_object() || o.is_function() {
        Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// Milliseconds since the epoch.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// The message of a thrown JS value.
pub fn message(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    get(e, "message")
        .as_string()
        .unwrap_or_else(|| String::from(js_sys::JsString::from(e.clone())))
}

/// `promise.then(on_ok, on_err)` with plain JS functions (made by `Closure::once_into_js`).
pub fn then(promise: &JsValue, on_ok: &JsValue, on_err: &JsValue) {
    if let Ok(then) = get(promise, "then").dyn_into::<js_sys::Function>() {
        let _ = then.call2(promise, on_ok, on_err);
    }
}
