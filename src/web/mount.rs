//! `mount()` and `validateConfig()`: reading the arguments, building the widget,
//! loading stored progress, and the widget's own DOM listeners.

use super::checklist::Checklist;
use super::dispatch::{act, dispatch, with, with_mut, Inner, Live, Shared};
use super::host::Host;
use super::js::{error, error_at, now};
use super::render::View;
use super::storage::{Fault, Loaded, Store};
use super::sync::{absorb, listen, Origin};
use crate::core::json::Value;
use crate::core::progress::{Engine, Input, StepStatus};
use crate::core::segment::{resolve, ResolveError};
use crate::core::snapshot::Progress;
use crate::core::{parse_config, Report};
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Parses the `config` argument: an object, or a JSON string.
fn config_value(config: &JsValue) -> Result<Value, Report> {
    let mut r = Report::default();
    let value = if let Some(text) = config.as_string() {
        crate::core::parse::parse(&text).map_err(|m| format!("config is not valid JSON: {m}"))
    } else if config.is_object() {
        super::js::try_from_js(config).map_err(|m| format!("config cannot be read: {m}"))
    } else {
        Err("config must be an object or a JSON string".to_string())
    };
    value.map_err(|m| {
        r.error("", m);
        r
    })
}

/// Checks a config without touching the DOM.
///
/// ```js
/// const { ok, errors, warnings } = validateConfig(config);
/// for (const e of errors) console.log(`${e.path}: ${e.message}`);
/// ```
#[wasm_bindgen(js_name = validateConfig, unchecked_return_type = "ValidationResult")]
pub fn validate_config(
    #[wasm_bindgen(unchecked_param_type = "ChecklistConfig | string")] config: JsValue,
) -> JsValue {
    let report = match config_value(&config) {
        Ok(v) => match parse_config(&v) {
            Ok((_, warnings)) => warnings,
            Err(r) => r,
        },
        Err(r) => r,
    };
    let out = js_sys::Object::new();
    super::js::set(&out, "ok", &report.is_ok().into());
    super::js::set(&out, "errors", &super::js::problems(&report.errors));
    super::js::set(&out, "warnings", &super::js::problems(&report.warnings));
    out.into()
}

/// Mounts a checklist into `target` (an Element or a CSS selector).
///
/// ```js
/// const checklist = mount("#onboarding", config, {
///   user: { id: "u_42", traits: { plan: "enterprise" } },
///   onFirstValue(e) { analytics.track("first_value", e); },
/// });
/// ```
///
/// Throws an `Error` listing every problem (with `errors: [{ path, message }]`)
/// when the config or options are invalid; nothing is rendered then. The checklist
/// lives until `destroy()`, whether or not the returned object is kept.
#[wasm_bindgen]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "Element | string")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChecklistConfig | string")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: JsValue,
) -> Result<Checklist, JsValue> {
    if super::js::get(&super::js::window().into(), "document").is_undefined() {
        return Err(error_at("", "mount() needs a browser DOM: call it in the browser, e.g. in React's useEffect() or Vue's onMounted(), not while rendering on the server"));
    }
    let mut report = Report::default();
    let checklist = match config_value(&config).and_then(|v| parse_config(&v)) {
        Ok((c, _)) => Some(c),
        Err(r) => {
            report.errors.extend(r.errors);
            None
        }
    };
    let opts = super::options::read(&options, &mut report);
    let target = find_target(&target, &mut report);
    let (Some(checklist), Some(target), true) = (checklist, target, report.is_ok()) else {
        return Err(error(
            "firstvalue: cannot mount: invalid config or options",
            &report,
        ));
    };
    let mut host = Host {
        checklist_id: checklist.id.clone(),
        segment: String::new(),
        user_id: opts.user_id,
        target,
        callbacks: opts.callbacks,
    };
    let segment = match resolve(&checklist, &opts.traits, opts.segment.as_deref()) {
        Ok(s) => s,
        Err(ResolveError::UnknownSegment(id)) => {
            let ids: Vec<&str> = checklist.segments.iter().map(|s| s.id.0.as_str()).collect();
            return Err(error_at(
                "options.segment",
                &format!(
                    "unknown segment \"{id}\"; the config has {}",
                    crate::core::strs::join(&ids, ", ")
                ),
            ));
        }
        Err(ResolveError::NoMatch) => {
            // Normal data (staff, trial accounts): a checklist that renders nothing,
            // fires nothing, and whose state() says so.
            let state = crate::core::state::unmatched(&checklist.id, &host.user_id);
            let live = Live::new(None, host, Store::Memory, String::new());
            *live.last.borrow_mut() = Some(state);
            return Ok(Checklist::new(live));
        }
    };
    let mut faults = Vec::new();
    let at = now();
    // A start in the future (server and client clocks disagree) is taken as now, so
    // every TTFV and elapsed time stays >= 0 and `ttfvMs === reachedAt - startedAt`.
    let started_at = opts.started_at.map(|t| {
        if t > at {
            let mut m = String::from("options.startedAt is ");
            m.push_str(&crate::core::strs::number(t - at));
            m.push_str(
                " ms in the future (is this device's clock behind?); the clock starts now instead",
            );
            faults.push(Fault::new("clock_skew", m));
        }
        t.min(at)
    });
    let (store, open_fault) = Store::open(opts.storage);
    faults.extend(open_fault);
    let engine = Engine::new(
        checklist,
        segment,
        started_at,
        Progress::new(started_at.unwrap_or(at)),
    );
    let view = View::build(&host.target, &engine)?;
    host.segment = engine.segment().id.0.clone();
    let key = format!("firstvalue:{}:{}", host.checklist_id, host.user_id);
    let inner = Inner {
        engine,
        loaded: false,
        writable: true,
        queue: Vec::new(),
        view,
        listeners: Vec::new(),
        timer: None,
        channel: None,
        seen: None,
    };
    let live = Live::new(Some(inner), host, store, key);
    let (mut listeners, channel) = listen(&live);
    listeners.extend(ui_listeners(&live));
    with_mut(&live, |i| {
        i.listeners = listeners;
        i.channel = channel;
    });
    for f in &faults {
        live.host.report(f);
    }
    load(&live);
    Ok(Checklist::new(live))
}

fn find_target(target: &JsValue, report: &mut Report) -> Option<Element> {
    if let Some(sel) = target.as_string() {
        let doc = super::js::window().document()?;
        return match doc.query_selector(&sel) {
            Ok(Some(e)) => Some(e),
            Ok(None) => {
                report.error("target", format!("no element matches \"{sel}\""));
                None
            }
            Err(_) => {
                report.error("target", format!("\"{sel}\" is not a valid CSS selector"));
                None
            }
        };
    }
    let found = super::js::element(target);
    if found.is_none() {
        report.error("target", "must be an Element or a CSS selector string");
    }
    found
}

/// Reads stored progress; with an async adapter, finishes when its Promise (or any
/// thenable) settles.
fn load(s: &Shared) {
    match s.store.load(&s.key) {
        Ok(Loaded::Now(text)) => loaded(s, text.ok_or(None)),
        Ok(Loaded::Later(promise)) => {
            with(s, |i| i.view.set_loading(true));
            let (ok, err) = (s.clone(), s.clone());
            let on_ok = Closure::once_into_js(move |v: JsValue| {
                let text = super::storage::text(&v).map_err(Some);
                loaded(&ok, text.and_then(|t| t.ok_or(None)));
            });
            let on_err = Closure::once_into_js(move |e: JsValue| {
                let m = format!("storage.load rejected: {}", super::js::message(&e));
                loaded(&err, Err(Some(Fault::new("storage_read_failed", m))));
            });
            if !super::js::then(&promise, &on_ok, &on_err) {
                let f = Fault::new(
                    "storage_read_failed",
                    "storage.load's result has a then() that threw; progress is kept in memory",
                );
                loaded(s, Err(Some(f)));
            }
        }
        Err(f) => loaded(s, Err(Some(f))),
    }
}

/// The load finished (`Err(None)`: nothing stored): merge what was stored, show,
/// then run the calls that came meanwhile.
fn loaded(s: &Shared, text: Result<String, Option<Fault>>) {
    if with(s, |i| i.loaded) != Some(false) {
        return; // Destroyed, or a thenable that settled twice.
    }
    let stored = match text {
        Ok(t) => absorb(s, &t, Origin::Load),
        Err(None) => None,
        Err(Some(f)) => {
            s.host.report(&f);
            None
        }
    };
    let Some(queue) = with_mut(s, |i| {
        i.loaded = true;
        i.view.set_loading(false);
        std::mem::take(&mut i.queue)
    }) else {
        return;
    };
    if let Some(p) = stored {
        dispatch(s, Input::Merge(p));
    }
    dispatch(s, Input::Mount);
    for input in queue {
        dispatch(s, input);
    }
}

/// Clicks and checkbox changes in the shadow root. Focus moves only after the input
/// is applied and every borrow released: focusing runs the page's focus listeners,
/// which may call the checklist.
fn ui_listeners(s: &Shared) -> Vec<EventListener> {
    let Some(root) = with(s, |i| i.view.root().clone()) else {
        return Vec::new();
    };
    let live = s.clone();
    let on_click = EventListener::new(&root, "click", move |event| {
        // Elements of this root; brand-checked, as a frame's are not `instanceof Element`.
        let Some(el) = event.target().and_then(|t| super::js::element(&t)) else {
            return;
        };
        let Ok(Some(button)) = el.closest("[data-act]") else {
            return;
        };
        let what = button.get_attribute("data-act").unwrap_or_default();
        let step = row_step(&live, &button);
        let input = match (what.as_str(), step) {
            ("minimize", _) => Input::Minimize,
            ("dismiss", _) => Input::Dismiss,
            ("open", _) => Input::Open,
            ("skip", Some(i)) => Input::Skip(i),
            ("action", Some(i)) => Input::Action(i),
            _ => return,
        };
        let refocus = match input {
            Input::Minimize => Some(true),
            Input::Open => Some(false),
            _ => None,
        };
        let skipped = match input {
            Input::Skip(i) => Some(i),
            _ => None,
        };
        act(&live, input);
        let focus = with(&live, |i| match (refocus, skipped) {
            (Some(launcher), _) => Some(i.view.focus_target(launcher)),
            (_, Some(step)) => i.view.row_focus(step),
            _ => None,
        });
        if let Some(Some(el)) = focus {
            let _ = el.focus();
        }
    });
    let live = s.clone();
    let on_change = EventListener::new(&root, "change", move |event| {
        let Some(el) = event.target().and_then(|t| super::js::element(&t)) else {
            return;
        };
        if let Some(i) = row_step(&live, &el) {
            act(&live, Input::Check(i));
            // A refused click (already done) must not leave the box unchecked.
            if let Some(done) = with(&live, |inner| inner.engine.status(i) == StepStatus::Done) {
                // Only our checkboxes fire `change` in this root.
                el.unchecked_ref::<web_sys::HtmlInputElement>()
                    .set_checked(done);
            }
        }
    });
    vec![on_click, on_change]
}

fn row_step(s: &Shared, el: &Element) -> Option<usize> {
    let li = el.closest("li[data-step]").ok().flatten()?;
    let id = li.get_attribute("data-step")?;
    with(s, |i| i.engine.step(&id)).flatten()
}
