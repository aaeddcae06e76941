//! The JavaScript API: `mount()`, `validateConfig()` and `Checklist`.
//!
//! Thin by design: it turns JS calls and DOM events into core [`Input`]s and
//! carries out the [`Effect`]s the core returns. Host code (callbacks, a storage
//! adapter, event listeners) only ever runs when no Rust borrow is held, so it
//! may call back into the checklist freely.

mod dom;
mod host;
mod js;
mod options;
mod render;
mod storage;

use crate::core::json::Value;
use crate::core::notice::{Context, Notice};
use crate::core::progress::{Effect, Engine, Input, StepStatus};
use crate::core::segment::{resolve, ResolveError};
use crate::core::snapshot::{DecodeError, Progress};
use crate::core::{parse_config, Report};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js::{error, error_at, now, to_js};
use options::Callbacks;
use render::View;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use storage::{Fault, Loaded, Store};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Runs once when the module loads: a panic (a bug; none is known) says what
/// happened on the console instead of an opaque `unreachable` trap.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "firstvalue: internal error, please report it: {info}"
        )));
    }));
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// One mounted checklist's live state.
struct Inner {
    engine: Engine,
    user_id: String,
    key: String,
    store: Rc<Store>,
    /// False until the stored state has loaded (async host adapters).
    loaded: bool,
    /// False when storage holds a newer format: never overwrite it.
    writable: bool,
    /// Inputs that arrived before the load finished.
    queue: Vec<Input>,
    view: View,
    target: Element,
    callbacks: Callbacks,
    listeners: Vec<EventListener>,
    /// The goal timer and the deadline it was armed for.
    timer: Option<(Timeout, u64)>,
    /// Tells other tabs about saves through a host adapter (localStorage has the `storage` event).
    channel: Option<web_sys::BroadcastChannel>,
    /// The stored text last read or written (localStorage), to skip re-reading it.
    seen: Option<String>,
}

type Shared = Rc<RefCell<Option<Inner>>>;

/// What to do once the borrow is released.
#[derive(Default)]
struct Outbox {
    notices: Vec<(Notice, u64)>,
    save: Option<String>,
}

/// A mounted checklist. Returned by [`mount`].
#[wasm_bindgen]
pub struct Checklist {
    shared: Shared,
}

/// Reads the live state, if mounted and not borrowed (never panics on re-entry).
fn with<R>(shared: &Shared, f: impl FnOnce(&Inner) -> R) -> Option<R> {
    shared.try_borrow().ok()?.as_ref().map(f)
}

/// Changes the live state, if mounted and not borrowed (never panics on re-entry).
fn with_mut<R>(shared: &Shared, f: impl FnOnce(&mut Inner) -> R) -> Option<R> {
    shared.try_borrow_mut().ok()?.as_mut().map(f)
}

/// Parses the `config` argument: an object, or a JSON string.
fn config_value(config: &JsValue) -> Result<Value, Report> {
    let mut r = Report::default();
    let value = if let Some(text) = config.as_string() {
        crate::core::parse::parse(&text).map_err(|m| format!("config is not valid JSON: {m}"))
    } else if config.is_object() {
        js::try_from_js(config).map_err(|m| format!("config cannot be read: {m}"))
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
    js::set(&out, "ok", &report.is_ok().into());
    js::set(&out, "errors", &js::problems(&report.errors));
    js::set(&out, "warnings", &js::problems(&report.warnings));
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
/// when the config or options are invalid; nothing is rendered then.
#[wasm_bindgen]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "Element | string")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChecklistConfig | string")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: JsValue,
) -> Result<Checklist, JsValue> {
    let mut report = Report::default();
    let checklist = match config_value(&config) {
        Ok(v) => match parse_config(&v) {
            Ok((c, _)) => Some(c),
            Err(r) => {
                report.errors.extend(r.errors);
                None
            }
        },
        Err(r) => {
            report.errors.extend(r.errors);
            None
        }
    };
    let opts = options::read(&options, &mut report);
    let target = find_target(&target, &mut report);
    let (Some(checklist), Some(target), true) = (checklist, target, report.is_ok()) else {
        return Err(error(
            "firstvalue: cannot mount: invalid config or options",
            &report,
        ));
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
            return Err(error_at("options.user.traits", "no segment matches this user; add a last segment without \"match\" to catch everyone"));
        }
    };
    let key = format!("firstvalue:{}:{}", checklist.id, opts.user_id);
    let (store, open_fault) = Store::open(opts.storage);
    let engine = Engine::new(
        checklist,
        segment,
        opts.started_at,
        Progress::new(opts.started_at.unwrap_or_else(now)),
    );
    let view = View::build(&target, &engine)?;
    let shared: Shared = Rc::new(RefCell::new(Some(Inner {
        engine,
        user_id: opts.user_id,
        key,
        store: Rc::new(store),
        loaded: false,
        writable: true,
        queue: Vec::new(),
        view,
        target,
        callbacks: opts.callbacks,
        listeners: Vec::new(),
        timer: None,
        channel: None,
        seen: None,
    })));
    listen(&shared);
    if let Some(f) = open_fault {
        fault(&shared, &f);
    }
    load(&shared);
    Ok(Checklist { shared })
}

fn find_target(target: &JsValue, report: &mut Report) -> Option<Element> {
    if let Some(sel) = target.as_string() {
        let doc = js::window().document()?;
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
    match target.dyn_ref::<Element>() {
        Some(e) => Some(e.clone()),
        None => {
            report.error("target", "must be an Element or a CSS selector string");
            None
        }
    }
}

/// Reads stored progress; with an async adapter, finishes when its Promise settles.
fn load(shared: &Shared) {
    let Some((store, key)) = with(shared, |i| (i.store.clone(), i.key.clone())) else {
        return;
    };
    match store.load(&key) {
        Ok(Loaded::Now(text)) => loaded(shared, Ok(text)),
        Ok(Loaded::Later(promise)) => {
            with(shared, |i| i.view.set_loading(true));
            let (ok, err) = (Rc::downgrade(shared), Rc::downgrade(shared));
            let on_ok = Closure::once_into_js(move |v: JsValue| {
                if let Some(s) = ok.upgrade() {
                    loaded(&s, storage::text(&v));
                }
            });
            let on_err = Closure::once_into_js(move |e: JsValue| {
                if let Some(s) = err.upgrade() {
                    loaded(
                        &s,
                        Err(Fault::new(
                            "storage_read_failed",
                            format!("storage.load rejected: {}", js::message(&e)),
                        )),
                    );
                }
            });
            js::then(&promise, &on_ok, &on_err);
        }
        Err(f) => loaded(shared, Err(f)),
    }
}

/// The load finished: merge what was stored, show, then run queued calls.
fn loaded(shared: &Shared, text: Result<Option<String>, Fault>) {
    let stored = match text {
        Ok(Some(t)) => absorb(shared, &t, Origin::Load),
        Ok(None) => None,
        Err(f) => {
            fault(shared, &f);
            None
        }
    };
    let Some(queue) = with_mut(shared, |i| {
        i.loaded = true;
        i.view.set_loading(false);
        std::mem::take(&mut i.queue)
    }) else {
        return;
    };
    if let Some(p) = stored {
        dispatch(shared, Input::Merge(p));
    }
    dispatch(shared, Input::Mount);
    for input in queue {
        dispatch(shared, input);
    }
    with_mut(shared, |i| i.view.update(&i.engine));
}

fn decode_counting(text: &str) -> Result<(Progress, usize), DecodeError> {
    let v = crate::core::parse::parse(text).map_err(DecodeError::Corrupt)?;
    Progress::decode_counting(&v)
}

fn fault(shared: &Shared, f: &Fault) {
    let callbacks = with(shared, |i| i.callbacks.clone());
    if let Some(cb) = callbacks {
        host::report(&cb, f);
    }
}

/// A local input (a call or a click): first catch up with what another tab stored
/// whose `storage` event has not arrived yet (localStorage reads are synchronous), so
/// a once-only event that tab already fired is not fired again here. Then apply.
fn act(shared: &Shared, input: Input) -> Vec<Notice> {
    let fresh = with(shared, |i| {
        if !i.loaded || !i.writable || !i.store.is_local() {
            return None;
        }
        match i.store.load(&i.key) {
            Ok(Loaded::Now(Some(text))) if i.seen.as_deref() != Some(text.as_str()) => Some(text),
            _ => None,
        }
    })
    .flatten();
    if let Some(text) = fresh {
        merge_text(shared, &text);
    }
    dispatch(shared, input)
}

/// Applies `input` and carries out its effects. Returns the notices it produced.
fn dispatch(shared: &Shared, input: Input) -> Vec<Notice> {
    let mut out = Outbox::default();
    let (store, key, target, callbacks, ctx) = {
        let Ok(mut guard) = shared.try_borrow_mut() else {
            return Vec::new();
        };
        let Some(inner) = guard.as_mut() else {
            return Vec::new();
        };
        if !inner.loaded && !matches!(input, Input::Merge(_)) {
            inner.queue.push(input);
            return Vec::new();
        }
        let at = now();
        let effects = inner.engine.apply(input, at);
        for effect in effects {
            match effect {
                Effect::Render => inner.view.update(&inner.engine),
                // Memory storage keeps nothing: no snapshot text to make.
                Effect::Persist if inner.writable && !inner.store.is_memory() => {
                    out.save = Some(inner.engine.progress().encode().to_string());
                }
                Effect::Persist => {}
                Effect::Notify(n) => {
                    announce(inner, &n);
                    out.notices.push((n, at));
                }
            }
        }
        arm_timer(shared, inner);
        if out.save.is_none() && out.notices.is_empty() {
            return Vec::new();
        }
        let ctx = (
            inner.engine.config().id.clone(),
            inner.engine.segment().id.0.clone(),
            inner.user_id.clone(),
        );
        (
            inner.store.clone(),
            inner.key.clone(),
            inner.target.clone(),
            inner.callbacks.clone(),
            ctx,
        )
    };
    if let Some(text) = out.save {
        save(&store, &key, &text, &callbacks);
        with_mut(shared, |i| i.seen = Some(text.clone()));
        if let Some(channel) = with(shared, |i| i.channel.clone()).flatten() {
            let _ = channel.post_message(&JsValue::from_str(&text));
        }
    }
    let context = Context {
        checklist_id: &ctx.0,
        segment: &ctx.1,
        user_id: &ctx.2,
    };
    for (n, at) in &out.notices {
        host::notify(&target, &callbacks, n, context, *at);
    }
    out.notices.into_iter().map(|(n, _)| n).collect()
}

fn save(store: &Store, key: &str, text: &str, callbacks: &Callbacks) {
    match store.save(key, text) {
        Ok(None) => {}
        Ok(Some(promise)) => {
            let cb = callbacks.clone();
            let on_err = Closure::once_into_js(move |e: JsValue| {
                host::report(
                    &cb,
                    &Fault::new(
                        "storage_write_failed",
                        format!("storage.save rejected: {}", js::message(&e)),
                    ),
                );
            });
            js::then(&promise, &JsValue::UNDEFINED, &on_err);
        }
        Err(f) => host::report(callbacks, &f),
    }
}

fn announce(inner: &Inner, n: &Notice) {
    let config = inner.engine.config();
    let text = &config.text;
    let line = match n {
        Notice::StepCompleted { step, .. } => config
            .step_index(step)
            .map(|i| format!("{} {}", text.step_done, config.steps[i].title)),
        Notice::FirstValue { .. } => {
            inner.view.celebrate("first-value");
            Some(text.first_value.clone())
        }
        Notice::Completed { .. } => {
            inner.view.celebrate("complete");
            Some(text.completed.clone())
        }
        _ => None,
    };
    if let Some(line) = line {
        inner.view.announce(&line);
    }
}

/// (Re)arms the goal timer for the current deadline.
fn arm_timer(shared: &Shared, inner: &mut Inner) {
    let deadline = inner.engine.goal_deadline();
    if inner.timer.as_ref().map(|(_, d)| *d) == deadline {
        return; // Already armed for this deadline (or nothing to arm).
    }
    inner.timer = deadline.map(|deadline| {
        // setTimeout waits at most 2^31-1 ms (~24.8 days): longer goals re-arm on firing.
        let wait = deadline.saturating_sub(now()).min(i32::MAX as u64) as u32;
        let weak: Weak<_> = Rc::downgrade(shared);
        let timeout = Timeout::new(wait, move || {
            if let Some(s) = weak.upgrade() {
                with_mut(&s, |i| i.timer = None);
                dispatch(&s, Input::Tick);
            }
        });
        (timeout, deadline)
    });
}

/// DOM listeners: clicks and checkbox changes in the shadow root, and the
/// `storage` event for other tabs.
fn listen(shared: &Shared) {
    let Some(root) = with(shared, |i| i.view.root().clone()) else {
        return;
    };
    let weak = Rc::downgrade(shared);
    let on_click = EventListener::new(&root, "click", move |event| {
        let Some(s) = weak.upgrade() else { return };
        let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(button)) = el.closest("[data-act]") else {
            return;
        };
        let what = button.get_attribute("data-act").unwrap_or_default();
        let step = row_step(&s, &button);
        let input = match (what.as_str(), step) {
            ("minimize", _) => Input::Minimize,
            ("dismiss", _) => Input::Dismiss,
            ("open", _) => Input::Open,
            ("skip", Some(i)) => Input::Skip(i),
            ("action", Some(i)) => Input::Action(i),
            _ => return,
        };
        let skipped = match input {
            Input::Skip(i) => Some(i),
            _ => None,
        };
        let refocus = match input {
            Input::Minimize => Some(true),
            Input::Open => Some(false),
            _ => None,
        };
        act(&s, input);
        with(&s, |i| match (refocus, skipped) {
            (Some(launcher), _) => i.view.focus(launcher),
            (_, Some(step)) => i.view.focus_row(step),
            _ => {}
        });
    });
    let weak = Rc::downgrade(shared);
    let on_change = EventListener::new(&root, "change", move |event| {
        let Some(s) = weak.upgrade() else { return };
        let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if let Some(i) = row_step(&s, &el) {
            act(&s, Input::Check(i));
            // A refused click (already done) must not leave the box unchecked.
            if let Some(done) = with(&s, |inner| inner.engine.status(i) == StepStatus::Done) {
                if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                    input.set_checked(done);
                }
            }
        }
    });
    let mut listeners = vec![on_click, on_change];
    let is_local = with(shared, |i| i.store.is_local()).unwrap_or(false);
    if is_local {
        let weak = Rc::downgrade(shared);
        listeners.push(EventListener::new(&js::window(), "storage", move |event| {
            let Some(s) = weak.upgrade() else { return };
            // A `storage` event; a synthetic one without `key` is ignored below.
            let e = event.unchecked_ref::<web_sys::StorageEvent>();
            let key = with(&s, |i| i.key.clone());
            if e.key() != key {
                return;
            }
            if let Some(text) = e.new_value() {
                merge_text(&s, &text);
            }
        }));
    }
    let is_host = with(shared, |i| matches!(*i.store, Store::Host(..))).unwrap_or(false);
    let mut channel = None;
    if is_host {
        let name = with(shared, |i| i.key.clone()).unwrap_or_default();
        if let Ok(ch) = web_sys::BroadcastChannel::new(&name) {
            let weak = Rc::downgrade(shared);
            listeners.push(EventListener::new(&ch, "message", move |event| {
                let Some(s) = weak.upgrade() else { return };
                // A `message` event: `data` is read as a property, whatever the event.
                let data = event.unchecked_ref::<web_sys::MessageEvent>().data();
                if let Some(text) = data.as_string() {
                    merge_text(&s, &text);
                }
            }));
            channel = Some(ch);
        }
    }
    with_mut(shared, |i| {
        i.listeners = listeners;
        i.channel = channel;
    });
}

/// Where stored text came from, for the fault messages.
#[derive(Clone, Copy, PartialEq)]
enum Origin {
    /// The initial load.
    Load,
    /// Another tab (a `storage` event, a BroadcastChannel message, a catch-up read).
    OtherTab,
}

/// Reads stored text from any origin: remembers it as seen, reports what cannot be
/// used, and returns the progress to merge. A snapshot from a newer format stops this
/// page from writing, whenever it appears, so it is never overwritten.
fn absorb(shared: &Shared, text: &str, origin: Origin) -> Option<Progress> {
    with_mut(shared, |i| i.seen = Some(text.to_string()));
    let problem = match decode_counting(text) {
        Ok((p, 0)) => return Some(p),
        Ok((p, dropped)) => {
            let s = if dropped == 1 { "y" } else { "ies" };
            let f = Fault::new(
                "storage_corrupt",
                format!("{dropped} unreadable step entr{s} in stored progress dropped; the rest is kept"),
            );
            fault(shared, &f);
            return Some(p);
        }
        Err(DecodeError::Newer(v)) => {
            let first =
                with_mut(shared, |i| std::mem::replace(&mut i.writable, false)).unwrap_or(false);
            if !first {
                return None;
            }
            Fault::new(
                "storage_newer",
                format!("stored progress is from a newer firstvalue (format {v}); it is kept as is and this page works in memory"),
            )
        }
        Err(DecodeError::Corrupt(m)) if origin == Origin::Load => Fault::new(
            "storage_corrupt",
            format!("stored progress is unreadable ({m}); starting fresh"),
        ),
        Err(DecodeError::Corrupt(m)) => Fault::new(
            "storage_corrupt",
            format!("another tab wrote unreadable progress ({m}); keeping this tab's"),
        ),
    };
    fault(shared, &problem);
    None
}

/// Merges another tab's state from `text`.
fn merge_text(shared: &Shared, text: &str) {
    if let Some(p) = absorb(shared, text, Origin::OtherTab) {
        dispatch(shared, Input::Merge(p));
    }
}

fn row_step(shared: &Shared, el: &Element) -> Option<usize> {
    let li = el.closest("li[data-step]").ok().flatten()?;
    let id = li.get_attribute("data-step")?;
    with(shared, |i| i.engine.step(&id)).flatten()
}

#[wasm_bindgen]
impl Checklist {
    fn step(&self, id: &str) -> Result<usize, JsValue> {
        let guard = self
            .shared
            .try_borrow()
            .map_err(|_| JsValue::from_str("firstvalue: busy"))?;
        let inner = guard.as_ref().ok_or_else(destroyed)?;
        inner.engine.step(id).ok_or_else(|| {
            let ids: Vec<&str> = inner
                .engine
                .segment()
                .steps
                .iter()
                .map(|&i| inner.engine.config().steps[i].id.0.as_str())
                .collect();
            error_at(
                "stepId",
                &format!(
                    "unknown step \"{id}\" in this user's checklist ({}){}",
                    crate::core::strs::join(&ids, ", "),
                    crate::core::error::did_you_mean(id, ids.iter().copied())
                ),
            )
        })
    }

    fn status(&self, i: usize) -> Option<StepStatus> {
        with(&self.shared, |inner| inner.engine.status(i))
    }

    /// Reports a host event; returns the ids of the steps it completed (often none).
    ///
    /// ```js
    /// checklist.track("chart_saved"); // → ["build_chart"]
    /// ```
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn track(
        &self,
        #[wasm_bindgen(js_name = eventName, unchecked_param_type = "string")] event_name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")]
        properties: JsValue,
    ) -> Result<js_sys::Array, JsValue> {
        let _ = properties; // Reserved: event properties for future `completeOn` conditions.
        let name = event_name
            .as_string()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| error_at("eventName", "must be a non-empty string"))?;
        let done: js_sys::Array = act(&self.shared, Input::Track(name))
            .iter()
            .filter_map(|n| match n {
                Notice::StepCompleted { step, .. } => Some(JsValue::from_str(step)),
                _ => None,
            })
            .collect();
        Ok(done)
    }

    /// Marks a step done; `true` if it became done now, `false` if it already was.
    /// Throws for a step that is not in this user's checklist.
    pub fn complete(
        &self,
        #[wasm_bindgen(js_name = stepId)] step_id: &str,
    ) -> Result<bool, JsValue> {
        let i = self.step(step_id)?;
        let before = self.status(i);
        let queued = !with(&self.shared, |inner| inner.loaded).unwrap_or(false);
        let notices = act(&self.shared, Input::Complete(i));
        if queued {
            // Applied once the stored state loads; answer from what is known now.
            return Ok(before.is_some_and(|s| s != StepStatus::Done));
        }
        Ok(notices
            .iter()
            .any(|n| matches!(n, Notice::StepCompleted { .. })))
    }

    /// Skips a `skippable` step; `true` if it became skipped now.
    pub fn skip(&self, #[wasm_bindgen(js_name = stepId)] step_id: &str) -> Result<bool, JsValue> {
        let i = self.step(step_id)?;
        let skippable = with(&self.shared, |inner| {
            inner.engine.config().steps[i].skippable
        })
        .unwrap_or(false);
        if !skippable {
            return Err(error_at(
                "stepId",
                &format!("step \"{step_id}\" is not skippable"),
            ));
        }
        let before = self.status(i);
        let queued = !with(&self.shared, |inner| inner.loaded).unwrap_or(false);
        let notices = act(&self.shared, Input::Skip(i));
        if queued {
            return Ok(before == Some(StepStatus::Open));
        }
        Ok(notices
            .iter()
            .any(|n| matches!(n, Notice::StepSkipped { .. })))
    }

    /// Forgets this user's progress and starts over (a new TTFV clock unless
    /// `startedAt` was given).
    pub fn reset(&self) {
        act(&self.shared, Input::Reset);
    }

    /// This user's checklist as a plain object (see the README for the fields).
    #[wasm_bindgen(unchecked_return_type = "ChecklistState")]
    pub fn state(&self) -> JsValue {
        match self.shared.try_borrow() {
            Ok(guard) => match guard.as_ref() {
                Some(i) => to_js(&i.engine.state(&i.user_id)),
                None => JsValue::NULL,
            },
            Err(_) => JsValue::NULL,
        }
    }

    /// Shows the checklist (after minimize or dismiss).
    pub fn open(&self) {
        act(&self.shared, Input::Open);
    }

    /// Collapses the checklist to its launcher.
    pub fn minimize(&self) {
        act(&self.shared, Input::Minimize);
    }

    /// Hides the checklist (remembered for this user until `open()`).
    pub fn dismiss(&self) {
        act(&self.shared, Input::Dismiss);
    }

    /// Removes the widget's DOM, listeners and timers. Safe to call twice.
    pub fn destroy(&self) {
        let inner = self.shared.try_borrow_mut().ok().and_then(|mut g| g.take());
        if let Some(inner) = inner {
            inner.view.destroy();
            if let Some(ch) = &inner.channel {
                ch.close();
            }
            drop(inner);
        }
    }
}

fn destroyed() -> JsValue {
    error_at("", "this checklist was destroyed")
}
