//! Crossing the JS boundary: values, errors, time. Every call that can run host
//! code (a getter, a Proxy trap, a `toString`, a `then`) goes through an import
//! marked `catch`, so a host exception becomes an `Err` here and never unwinds
//! through the wasm (which would leak its stack and leave a borrow held).

use crate::core::json::Value;
use crate::core::{Problem, Report};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/web/host.js")]
extern "C" {
    /// `JSON.parse(text)` as it was when the package loaded (see `host.js`). `catch`:
    /// nothing of the host runs, but a page may have replaced `JSON.parse` first.
    #[wasm_bindgen(catch)]
    fn plain(text: &str) -> Result<JsValue, JsValue>;

    /// Runs `f` inside a JS `try`; what it threw, or `undefined` (see `host.js`).
    fn guard(f: &mut dyn FnMut()) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `globalThis`, seen as the page's `Window`. One binding instead of
    /// `web_sys::window()`, which probes `globalThis`, `self`, `window` and `global`
    /// and checks the result with `instanceof` (four imports and ~0.3 KB of wasm);
    /// the widget only runs where there is a document.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: web_sys::Window;

    /// Any JS value, for the brand-checked calls below.
    type Any;

    /// `s.isWellFormed()`: no lone surrogates (throws where the browser lacks it).
    #[wasm_bindgen(catch, method, js_name = isWellFormed)]
    fn is_well_formed(this: &Any) -> Result<bool, JsValue>;

    /// `String(v)`, which may throw (`Object.create(null)`, a throwing `toString`).
    #[wasm_bindgen(catch, js_name = String)]
    fn string(v: &JsValue) -> Result<JsValue, JsValue>;

    /// `Date.prototype.getTime.call(v)`: the time of a real `Date` (of any realm);
    /// throws for anything else, a Proxy of a Date included, with no host code run.
    #[wasm_bindgen(catch, method, final, js_class = "Date", js_name = getTime)]
    fn date_time(this: &Any) -> Result<f64, JsValue>;

    /// `Date.now()`, caught: a host may have replaced it with one that throws or returns
    /// a BigInt (read as a value, so no conversion can throw at the boundary).
    #[wasm_bindgen(catch, js_namespace = Date, js_name = now)]
    fn date_now() -> Result<JsValue, JsValue>;

    /// `Math.random()`, caught likewise.
    #[wasm_bindgen(catch, js_namespace = Math, js_name = random)]
    fn math_random() -> Result<JsValue, JsValue>;

    /// `console.warn(a, b)`, caught: test setups often make it throw.
    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    pub fn warn(a: &JsValue, b: &JsValue) -> Result<(), JsValue>;

    /// `Element.prototype.hasAttribute.call(v, name)`: succeeds only for a real
    /// element (of this page or a same-origin frame), never running host code.
    #[wasm_bindgen(catch, method, final, js_class = "Element", js_name = hasAttribute)]
    fn element_has_attribute(this: &Any, name: &str) -> Result<bool, JsValue>;
}

/// The page's window.
pub fn window() -> web_sys::Window {
    GLOBAL.with(web_sys::Window::clone)
}

/// `v` as an Element if it is a real one, of this page or of a same-origin frame
/// (`instanceof Element` is false for those), and not a Proxy or a look-alike.
pub fn element(v: &JsValue) -> Option<web_sys::Element> {
    v.unchecked_ref::<Any>()
        .element_has_attribute("id")
        .ok()
        .map(|_| v.clone().unchecked_into())
}

/// Whether the string `s` has no lone surrogate (`as_string()` turns each into U+FFFD).
/// A browser without `isWellFormed` (before 2023) answers yes.
pub fn well_formed(s: &JsValue) -> bool {
    s.unchecked_ref::<Any>().is_well_formed().unwrap_or(true)
}

/// The epoch milliseconds of a real `Date`, or `None`.
pub fn date(v: &JsValue) -> Option<f64> {
    v.unchecked_ref::<Any>().date_time().ok()
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

/// A core [`Value`] as a plain JS object/array/primitive (a new one on every call),
/// made by `JSON.parse` of its text: no host setter or patched prototype method runs.
pub fn to_js(v: &Value) -> JsValue {
    plain(&v.to_string()).unwrap_or(JsValue::NULL)
}

/// `[{ path, code, message }]`.
pub fn problems(list: &[Problem]) -> Value {
    let list = list
        .iter()
        .map(|p| {
            Value::object([
                ("path", Value::str(&p.path)),
                ("code", Value::str(p.code)),
                ("message", Value::str(&p.message)),
            ])
        })
        .collect();
    Value::Array(list)
}

/// A JS `Error` whose message lists every error and whose `errors` is the list.
pub fn error(headline: &str, report: &Report) -> JsValue {
    let mut text = headline.to_string();
    for p in &report.errors {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    raise(&text, report)
}

fn raise(text: &str, report: &Report) -> JsValue {
    let e = js_sys::Error::new(text);
    set(&e, "errors", &to_js(&problems(&report.errors)));
    e.into()
}

/// A JS `Error` for a single problem at `path`: `firstvalue: path: message`, once;
/// its `code` is the problem's too.
pub fn error_at(path: &str, code: &'static str, message: &str) -> JsValue {
    let mut r = Report::default();
    r.error(path, code, message);
    let mut text = "firstvalue: ".to_string();
    text.push_str(&r.errors[0].to_string());
    let e = raise(&text, &r);
    set(&e, "code", &JsValue::from_str(code));
    e
}

/// `o[key] = v`, ignoring failure (only fails on frozen objects we did not make).
pub fn set(o: &JsValue, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &key.into(), v);
}

/// `o[key]`, or undefined; a getter or Proxy trap that throws gives undefined.
pub fn get(o: &JsValue, key: &str) -> JsValue {
    try_get(o, key).unwrap_or(JsValue::UNDEFINED)
}

/// `o[key]` (undefined for a primitive), or the message of what reading it threw.
pub fn try_get(o: &JsValue, key: &str) -> Result<JsValue, String> {
    if o.is_object() || o.is_function() {
        Reflect::get(o, &key.into()).map_err(|e| message(&e))
    } else {
        Ok(JsValue::UNDEFINED)
    }
}

thread_local! {
    /// The last time `Date.now()` gave, for when it stops giving one.
    static LAST_NOW: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Milliseconds since the epoch. Where the host broke `Date.now` (it throws, or gives
/// no finite number), the last time it gave: the clock stops, nothing throws.
pub fn now() -> u64 {
    let t = date_now().ok().and_then(|v| v.as_f64());
    match t.filter(|t| *t >= 0.0 && *t < 1e15) {
        Some(t) => {
            LAST_NOW.set(t as u64);
            t as u64
        }
        None => LAST_NOW.get(),
    }
}

/// A random number in [0, 1): `Math.random()`, or 0.5 where the host broke it.
pub fn random() -> f64 {
    math_random()
        .ok()
        .and_then(|v| v.as_f64())
        .filter(|r| (0.0..1.0).contains(r))
        .unwrap_or(0.5)
}

/// Runs `f`, which writes the page's DOM or calls a browser API the page may have
/// replaced; a host exception thrown through it comes back as `Err` instead of leaving
/// the call (see `guard` in `host.js`). What `f` had allocated when it was cut short
/// is not freed: a host that throws costs a little memory, never a frozen widget.
pub fn guarded(mut f: impl FnMut()) -> Result<(), JsValue> {
    let e = guard(&mut f);
    if e.is_undefined() {
        Ok(())
    } else {
        Err(e)
    }
}

/// What a host exception says; gloo's wrappers (`addEventListener` in gloo-events, the
/// timers) replace it with their own `unwrap_throw` text, which says nothing to a host.
pub fn host_message(e: &JsValue) -> String {
    let m = message(e);
    if crate::core::strs::contains(&m, "unwrap_throw") {
        "a browser API the page replaced threw".into()
    } else {
        m
    }
}

/// The message of a thrown JS value; never throws itself.
pub fn message(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    if let Some(s) = get(e, "message").as_string() {
        return s;
    }
    string(e)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "(a value that cannot be shown)".to_string())
}

/// Whether `v` has a callable `then` (a Promise of any realm, or any thenable).
pub fn is_thenable(v: &JsValue) -> Result<bool, String> {
    Ok(try_get(v, "then")?.is_function())
}

/// `promise.then(on_ok, on_err)` with plain JS functions (made by `Closure::once_into_js`).
/// Returns false when `then` could not be called (it threw, or is not a function).
pub fn then(promise: &JsValue, on_ok: &JsValue, on_err: &JsValue) -> bool {
    match get(promise, "then").dyn_into::<js_sys::Function>() {
        Ok(then) => then.call2(promise, on_ok, on_err).is_ok(),
        Err(_) => false,
    }
}

/// The page the user is on: path, query and hash of `location`.
pub fn here() -> String {
    let l = get(&window(), "location");
    let mut page = String::new();
    for part in ["pathname", "search", "hash"] {
        page.push_str(&get(&l, part).as_string().unwrap_or_default());
    }
    page
}
