//! `mount()` and `validateConfig()`: reading the arguments, building the widget,
//! loading stored progress, and the widget's own DOM listeners.

use super::checklist::Checklist;
use super::dispatch::{act, dispatch};
use super::dom::focus_in;
use super::fault::Fault;
use super::host::Host;
use super::js::{error, error_at, now};
use super::live::{with, with_mut, Inner, Live, Shared};
use super::persist::{absorb, Origin};
use super::render::View;
use super::storage::{Loaded, Store};
use super::tabs::listen;
use crate::core::error::codes;
use crate::core::json::Value;
use crate::core::progress::{Engine, Input, StepStatus};
use crate::core::segment::{resolve, ResolveError};
use crate::core::snapshot::Progress;
use crate::core::{check_config, Report};
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Parses the `config` argument: an object, or a JSON string.
fn config_value(config: &JsValue) -> Result<Value, Report> {
    let value = if let Some(text) = config.as_string() {
        crate::core::parse::parse(&text).map_err(|m| {
            (
                codes::INVALID_JSON,
                crate::prose_string(prose!(format!("config is not valid JSON: {m}"))),
            )
        })
    } else if config.is_object() {
        // The host's own words (a getter that threw): kept in both builds.
        super::js::try_from_js(config)
            .map_err(|m| (codes::UNREADABLE, format!("config cannot be read: {m}")))
    } else {
        Err((
            codes::WRONG_TYPE,
            crate::prose_string(prose!("config must be an object or a JSON string")),
        ))
    };
    value.map_err(|(code, m)| {
        let mut r = Report::default();
        r.error("", code, m);
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
        Ok(v) => checked(&v).1,
        Err(r) => r,
    };
    super::js::to_js(&Value::object([
        ("ok", Value::Bool(report.is_ok())),
        ("errors", super::js::problems(&report.errors)),
        ("warnings", super::js::problems(&report.warnings)),
    ]))
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
/// Throws an `Error` listing every problem (with `errors: [{ path, code, message }]`)
/// when the config or options are invalid; nothing is rendered then. The checklist
/// lives until `destroy()`, whether or not the returned object is kept.
///
/// A page whose own code throws while the widget is built (a DOM method or
/// `setTimeout` a script replaced) gets firstvalue's `Error` too, and the target can
/// take a checklist again: nothing is left half-mounted.
#[wasm_bindgen]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "Element | string")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChecklistConfig | string")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: JsValue,
) -> Result<Checklist, JsValue> {
    let mut acquired = None;
    let mut out = None;
    let thrown =
        super::js::guarded(|| out = Some(mount_now(&target, &config, &options, &mut acquired)));
    let e = match (thrown, out) {
        (Ok(()), Some(Ok(c))) => return Ok(c),
        // firstvalue's own errors, before anything was built.
        (Ok(()), Some(Err(e))) if acquired.is_none() => return Err(e),
        (Ok(()), Some(Err(e))) | (Err(e), _) => e,
        (Ok(()), None) => JsValue::UNDEFINED,
    };
    let path = if acquired.is_some() { "target" } else { "" };
    if let Some(root) = acquired {
        let _ = super::render::release(&root);
    }
    let mut m = String::from("a script on the page made mount() throw (");
    m.push_str(&super::js::host_message(&e));
    m.push_str("); nothing was mounted");
    Err(error_at(path, codes::TARGET_UNAVAILABLE, &m))
}

fn mount_now(
    target: &JsValue,
    config: &JsValue,
    options: &JsValue,
    acquired: &mut Option<web_sys::ShadowRoot>,
) -> Result<Checklist, JsValue> {
    if super::js::get(&super::js::window().into(), "document").is_undefined() {
        return Err(error_at("", codes::NO_DOM, "mount() needs a browser DOM: call it in the browser, e.g. in React's useEffect() or Vue's onMounted(), not while rendering on the server"));
    }
    let mut report = Report::default();
    let checklist = match config_value(config) {
        Ok(v) => {
            let (c, r) = checked(&v);
            report.errors.extend(r.errors);
            Some(c)
        }
        Err(r) => {
            report.errors.extend(r.errors);
            None
        }
    };
    let opts = super::options::read(options, &mut report);
    let target = find_target(target, &mut report);
    let (Some(checklist), Some(target), true) = (checklist, target, report.is_ok()) else {
        // The headline blames what is wrong: a missing target is not a config problem.
        let only_target = report.errors.iter().all(|e| e.path == "target");
        let headline = if only_target {
            "firstvalue: cannot mount: no target to mount into"
        } else {
            "firstvalue: cannot mount: invalid config or options"
        };
        return Err(error(headline, &report));
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
            // The list of segments is prose: the development build's.
            let m = crate::prose_string(prose!({
                let ids: Vec<&str> = checklist.segments.iter().map(|s| s.id.0.as_str()).collect();
                format!(
                    "unknown segment \"{id}\"; the config has {}",
                    crate::core::strs::join(&ids, ", ")
                )
            }));
            return Err(error_at("options.segment", codes::UNKNOWN_SEGMENT, &m));
        }
        Err(ResolveError::NoMatch) => {
            // Normal data (staff, trial accounts): a checklist that renders nothing,
            // fires nothing, and whose state() says so.
            let state = crate::core::state::unmatched(&checklist.id, &host.user_id);
            let live = Live::new(None, host, Store::Memory, String::new(), None);
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
            let m = prose!(format!("options.startedAt is {} ms in the future (is this device's clock behind?); the clock starts now instead", t - at));
            faults.push(Fault::new("clock_skew", m));
        }
        t.min(at)
    });
    let (store, open_fault) = Store::open(opts.storage);
    faults.extend(open_fault);
    let account = opts.account.as_ref().map(|_| Progress::new(0));
    let mut engine = Engine::for_user(
        checklist,
        segment,
        started_at,
        Progress::new(started_at.unwrap_or(at)),
        &opts.traits,
        account,
    );
    // Occurrence tags start at a random number per page load (see core::rule).
    engine.set_tag((super::js::random() * 4_294_967_296.0) as u32);
    let view = View::build(&host.target, &engine, acquired)?;
    host.segment = engine.segment().id.0.clone();
    let key = format!("firstvalue:{}:{}", host.checklist_id, host.user_id);
    let account_key = opts
        .account
        // `#`, not `:`, after the checklist id (which has neither): no user id can make a
        // user's key equal to an account's (`firstvalue:<checklist>:account:x` would be the
        // key of a user whose id is "account:x").
        .map(|a| format!("firstvalue:{}#account:{a}", host.checklist_id));
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
        account_seen: None,
        account_channel: None,
        pending: None,
        watchers: Vec::new(),
    };
    let live = Live::new(Some(inner), host, store, key, account_key);
    let (mut listeners, [channel, account_channel]) = listen(&live);
    listeners.extend(ui_listeners(&live));
    with_mut(&live, |i| {
        i.listeners = listeners;
        i.channel = channel;
        i.account_channel = account_channel;
    });
    for f in &faults {
        live.host.report(f);
    }
    load(&live);
    *acquired = None;
    Ok(Checklist::new(live))
}

fn find_target(target: &JsValue, report: &mut Report) -> Option<Element> {
    if target.is_null() || target.is_undefined() {
        // A framework ref read before the component rendered or after it unmounted.
        let m = prose!(format!(
            "is {}: the element is not there, yet or any more (a framework ref is null before its component renders and after it unmounts: mount in onMounted, useEffect or ngAfterViewInit, and not once the component is gone)",
            if target.is_null() { "null" } else { "undefined" }
        ));
        report.error("target", codes::TARGET_NOT_FOUND, m);
        return None;
    }
    if let Some(sel) = target.as_string() {
        let doc = super::js::window().document()?;
        return match doc.query_selector(&sel) {
            Ok(Some(e)) => Some(e),
            Ok(None) => {
                report.error(
                    "target",
                    codes::TARGET_NOT_FOUND,
                    prose!(format!("no element matches \"{sel}\"")),
                );
                None
            }
            Err(_) => {
                report.error(
                    "target",
                    codes::INVALID_SELECTOR,
                    prose!(format!("\"{sel}\" is not a valid CSS selector")),
                );
                None
            }
        };
    }
    let found = super::js::element(target);
    match &found {
        None => report.error(
            "target",
            codes::WRONG_TYPE,
            prose!("must be an Element or a CSS selector string"),
        ),
        // A detached element: a widget there could be seen by no one, and a host that
        // dropped the element would never destroy it.
        Some(e) if !e.is_connected() => {
            report.error(
                "target",
                codes::TARGET_UNAVAILABLE,
                prose!("is not in the document (removed, or not inserted yet): mount once it is"),
            );
            return None;
        }
        Some(_) => {}
    }
    found
}

/// Reads stored progress (the user's, then the account's); with an async adapter,
/// finishes when its Promise (or any thenable) settles.
fn load(s: &Shared) {
    read(s, false);
}

fn read(s: &Shared, account: bool) {
    let key = super::persist::key_of(s, account)
        .unwrap_or_default()
        .to_string();
    match s.store.load(&key) {
        Ok(Loaded::Now(text)) => loaded(s, text.ok_or(None), account),
        Ok(Loaded::Later(promise)) => {
            with_mut(s, |i| i.view.set_loading(true));
            let (ok, err) = (s.clone(), s.clone());
            let on_ok = Closure::once_into_js(move |v: JsValue| {
                let text = super::storage::text(&v).map_err(Some);
                loaded(&ok, text.and_then(|t| t.ok_or(None)), account);
            });
            let on_err = Closure::once_into_js(move |e: JsValue| {
                let m = format!("storage.load rejected: {}", super::js::message(&e));
                loaded(
                    &err,
                    Err(Some(Fault::new("storage_read_failed", m))),
                    account,
                );
            });
            if !super::js::then(&promise, &on_ok, &on_err) {
                let f = Fault::new(
                    "storage_read_failed",
                    prose!(
                        "storage.load's result has a then() that threw; progress is kept in memory"
                    ),
                );
                loaded(s, Err(Some(f)), account);
            }
        }
        Err(f) => loaded(s, Err(Some(f)), account),
    }
}

/// A load finished (`Err(None)`: nothing stored). After the user's, the account's is
/// read (with an account); after both, merge what was stored, show, then run the calls
/// that came meanwhile.
fn loaded(s: &Shared, text: Result<String, Option<Fault>>, account: bool) {
    // Destroyed, a thenable that settled twice, or the other load's answer.
    if with(s, |i| !i.loaded && i.pending.is_some() == account) != Some(true) {
        return;
    }
    let stored = match text {
        Ok(t) => absorb(s, &t, Origin::Load, account).map(|(p, _)| p),
        Err(None) => None,
        Err(Some(f)) => {
            s.host.report(&f);
            None
        }
    };
    if !account && s.account_key.is_some() {
        with_mut(s, |i| i.pending = Some(stored));
        read(s, true);
        return;
    }
    let (mine, theirs) = if account {
        let mine = with_mut(s, |i| i.pending.take().flatten()).flatten();
        (mine, stored)
    } else {
        (stored, None)
    };
    let Some(queue) = with_mut(s, |i| {
        i.loaded = true;
        // A page's wrapped DOM setter that throws here: the first update writes it all.
        if i.view.set_loading(false).is_err() {
            i.view.redraw();
        }
        std::mem::take(&mut i.queue)
    }) else {
        return;
    };
    if let Some(p) = mine {
        dispatch(s, Input::Merge(p));
    }
    if let Some(p) = theirs {
        dispatch(s, Input::MergeAccount(p));
    }
    dispatch(s, Input::Mount);
    let watchers = watch(s);
    with_mut(s, |i| i.watchers = watchers);
    for input in queue {
        dispatch(s, input);
    }
}

/// What `page` and `click` rules need: the page now, then on every navigation
/// (`popstate`, `hashchange`, the Navigation API's `navigate` where the browser has
/// it); one delegated click listener on the document, in the capture phase so a host
/// handler that stops propagation does not hide the click. A click inside another
/// shadow root reaches the document retargeted to its host, so it never matches an
/// element in there.
fn watch(s: &Shared) -> Vec<EventListener> {
    let Some((pages, clicks)) = with(s, |i| {
        (i.engine.watches_pages(), i.engine.clicks().to_vec())
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let window = super::js::window();
    if pages {
        act(s, Input::Page(super::js::here()));
        // One handler for all three: the Navigation API's `navigate` says where it goes
        // (`destination.url`); after `popstate` and `hashchange`, `location` says.
        let on_nav = |live: Shared| {
            move |event: &web_sys::Event| {
                let url = super::js::get(&super::js::get(event, "destination"), "url");
                act(
                    &live,
                    Input::Page(url.as_string().unwrap_or_else(super::js::here)),
                );
            }
        };
        let navigation = super::js::get(&window, "navigation");
        let targets = [
            (window.unchecked_ref::<web_sys::EventTarget>(), "popstate"),
            (window.unchecked_ref(), "hashchange"),
            (navigation.unchecked_ref(), "navigate"),
        ];
        for (target, name) in targets {
            if !super::js::get(target, "addEventListener").is_function() {
                continue; // No Navigation API (Firefox, Safari): the other two and `page()`.
            }
            out.push(EventListener::new(target, name, on_nav(s.clone())));
        }
    }
    if !clicks.is_empty() {
        if let Some(doc) = window.document() {
            let live = s.clone();
            let options = gloo_events::EventListenerOptions::run_in_capture_phase();
            out.push(EventListener::new_with_options(
                &doc,
                "click",
                options,
                move |event| {
                    let Some(el) = event.target().and_then(|t| super::js::element(&t)) else {
                        return;
                    };
                    for sel in &clicks {
                        if matches!(el.closest(sel), Ok(Some(_))) {
                            act(&live, Input::Click(sel.clone()));
                        }
                    }
                },
            ));
        }
    }
    out
}

/// Every `click` selector of the config, checked by the browser's own parser (on a
/// detached fragment: nothing on the page is read or changed).
/// The config's report, the browser's check of its click selectors included, and the
/// checklist as far as it was built (whole only when the report has no error). The selectors
/// are checked whatever else is wrong, so one pass lists every problem.
fn checked(value: &Value) -> (crate::core::model::Checklist, Report) {
    let (checklist, mut report) = check_config(value);
    check_selectors(&checklist, &mut report);
    (checklist, report)
}

fn check_selectors(config: &crate::core::model::Checklist, report: &mut Report) {
    let Some(doc) = super::js::window().document() else {
        return;
    };
    let probe = doc.create_document_fragment();
    let mut check = |rule: &crate::core::rule::Rule, path: &dyn Fn() -> String| {
        rule.targets(&mut |click, sel| {
            // A selector the config check refused already has its problem.
            let ours = crate::core::rule::selector_problem(sel).is_none();
            if click && ours && probe.query_selector(sel).is_err() {
                let m = prose!(format!(
                    "\"{sel}\" is not a valid CSS selector (the browser refused it)"
                ));
                report.error(&path(), codes::INVALID_SELECTOR, m);
            }
        })
    };
    for (i, step) in config.steps.iter().enumerate() {
        for (j, rule) in step.complete_on.iter().enumerate() {
            check(rule, &|| format!("steps[{i}].completeOn[{j}]"));
        }
    }
    for (k, seg) in config.segments.iter().enumerate() {
        if let crate::core::model::FirstValueRule::Rule(rule) = &seg.first_value {
            check(rule, &|| format!("segments[{k}].firstValue"));
        }
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
        if what == "snooze-menu" {
            if let Some((Some(first), nodes)) =
                with_mut(&live, |i| (i.view.toggle_menu(), i.view.nodes().clone()))
            {
                focus_in(&nodes, first);
            }
            return;
        }
        let step = row_step(&live, &button);
        let input = match (what.as_str(), step) {
            ("minimize", _) => Input::Minimize,
            ("dismiss", _) => Input::Dismiss,
            ("open", _) => Input::Open,
            ("help", _) => Input::HelpAction,
            ("snooze", _) => {
                let ms = button.get_attribute("data-ms").unwrap_or_default();
                Input::Snooze(crate::core::num::parse_decimal(&ms).unwrap_or(0.0) as u64)
            }
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
        let focus = with_mut(&live, |i| {
            let node = match (refocus, skipped) {
                (Some(launcher), _) => Some(i.view.focus_target(launcher)),
                (_, Some(step)) => i.view.row_focus(step),
                _ => None,
            };
            node.map(|n| (n, i.view.nodes().clone()))
        });
        if let Some(Some((node, nodes))) = focus {
            focus_in(&nodes, node);
        }
    });
    let live = s.clone();
    let on_change = EventListener::new(&root, "change", move |event| {
        let Some(el) = event.target().and_then(|t| super::js::element(&t)) else {
            return;
        };
        if let Some(i) = row_step(&live, &el) {
            act(&live, Input::Check(i));
            // A refused click (already done) must not leave the box as the click left it.
            with_mut(&live, |inner| {
                let done = inner.engine.status(i) == StepStatus::Done;
                inner.view.recheck(i, done)
            });
        }
    });
    vec![on_click, on_change]
}

fn row_step(s: &Shared, el: &Element) -> Option<usize> {
    let li = el.closest("li[data-step]").ok().flatten()?;
    let id = li.get_attribute("data-step")?;
    with(s, |i| i.engine.step(&id)).flatten()
}
