//! Browser tests: the JS API in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use firstvalue::web::{mount, validate_config, Checklist};
use js_sys::{Array, Function, Object, Reflect, JSON};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{
  "version": 1, "id": "bt", "title": "Browser test",
  "steps": [
    { "id": "connect", "title": "Connect", "completeOn": ["connected"] },
    { "id": "chart", "title": "Chart <b>bold</b>", "completeOn": ["chart_saved"], "requires": ["connect"] },
    { "id": "invite", "title": "Invite", "skippable": true },
    { "id": "tour", "title": "Tour", "action": { "label": "Go", "event": "open_tour" } }
  ],
  "segments": [
    { "id": "pro", "match": { "plan": "pro" }, "steps": ["connect", "chart", "invite"],
      "firstValue": { "steps": ["chart"] }, "ttfvGoal": "PT1H" },
    { "id": "rest", "steps": ["tour", "invite"] }
  ]
}"#;

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect_throw("json")
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &JsValue, k: &str, v: &JsValue) {
    Reflect::set(o, &k.into(), v).expect_throw("set");
}

/// A fresh element in the page with a unique id.
fn target() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    thread_local!(static N: RefCell<u32> = const { RefCell::new(0) });
    let n = N.with(|n| {
        *n.borrow_mut() += 1;
        *n.borrow()
    });
    el.set_id(&format!("t{n}"));
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

/// Options with a user id unique to this test and memory storage unless given.
fn options(user: &str, plan: &str, storage: &str) -> JsValue {
    json(&format!(
        r#"{{"user":{{"id":"{user}","traits":{{"plan":"{plan}"}}}},"storage":"{storage}"}}"#
    ))
}

/// A callback that records its argument.
fn recorder() -> (JsValue, Rc<RefCell<Vec<JsValue>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    let f = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| s.borrow_mut().push(v))
        .into_js_value();
    (f, seen)
}

fn types(seen: &Rc<RefCell<Vec<JsValue>>>) -> Vec<String> {
    seen.borrow()
        .iter()
        .map(|e| get(e, "type").as_string().unwrap_or_default())
        .collect()
}

/// Waits until the claims asked for so far are answered and their events delivered
/// (a lock request is answered in a task or two; 100 ms is ample).
async fn settle() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
}

fn shadow(el: &Element) -> web_sys::ShadowRoot {
    el.shadow_root().expect_throw("shadow root")
}

fn status(el: &Element, step: &str) -> String {
    shadow(el)
        .query_selector(&format!("li[data-step={step}]"))
        .unwrap()
        .and_then(|li| li.get_attribute("data-status"))
        .unwrap_or_default()
}

fn mounted(el: &Element, opts: &JsValue) -> Checklist {
    mount(el.clone().into(), CONFIG.into(), opts.clone()).expect_throw("mount")
}

#[wasm_bindgen_test]
fn renders_title_and_segment_steps_as_text() {
    let el = target();
    let c = mounted(&el, &options("u-render", "pro", "memory"));
    let root = shadow(&el);
    let title = root.query_selector("h2").unwrap().unwrap();
    assert_eq!(title.text_content().unwrap(), "Browser test");
    let ids: Vec<String> = (0..3)
        .map(|i| {
            root.query_selector_all("li[data-step]")
                .unwrap()
                .item(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-step")
                .unwrap()
        })
        .collect();
    assert_eq!(ids, ["connect", "chart", "invite"]);
    // Config text is text, never markup.
    assert!(root.query_selector("b").unwrap().is_none());
    assert_eq!(status(&el, "chart"), "locked");
    c.destroy();
}

/// Row text crosses into JavaScript as one string cut at UTF-16 offsets: text with
/// astral emoji, combining marks, Arabic and CJK must land whole, each in its place.
#[wasm_bindgen_test]
fn every_row_text_lands_whole_and_in_its_place() {
    let config = r#"{
      "version": 1, "id": "utf", "title": "Unicode",
      "text": { "skip": "Passer ⏭", "requires": "Nécessite :" },
      "steps": [
        { "id": "a", "title": "Émoji 🚀🧑‍🚀 ok", "description": "Ｆｕｌｌ ｗｉｄｔｈ · 数据 · é\u0301",
          "action": { "label": "Ouvrir 🔗", "href": "/a?q=ü" } },
        { "id": "b", "title": "ربط البيانات", "requires": ["a"], "skippable": true,
          "description": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢" },
        { "id": "c", "title": "plain", "requires": ["a", "b"] }
      ]
    }"#;
    let el = target();
    let c = mount(
        el.clone().into(),
        config.into(),
        options("u-utf", "x", "memory"),
    )
    .expect_throw("mount");
    let root = shadow(&el);
    let one = |sel: &str| root.query_selector(sel).unwrap().expect_throw(sel);
    let text = |sel: &str| one(sel).text_content().unwrap_or_default();
    let attr = |sel: &str, name: &str| one(sel).get_attribute(name).unwrap_or_default();
    assert_eq!(text("[data-step=a] .name"), "Émoji 🚀🧑‍🚀 ok");
    assert_eq!(
        text("[data-step=a] .desc"),
        "Ｆｕｌｌ ｗｉｄｔｈ · 数据 · é\u{301}"
    );
    assert_eq!(attr("[data-step=a] .desc", "id"), "fv-s0-d");
    assert_eq!(text("[data-step=a] .action"), "Ouvrir 🔗");
    assert_eq!(attr("[data-step=a] .action", "href"), "/a?q=ü");
    assert_eq!(attr("[data-step=a] .check", "aria-describedby"), "fv-s0-d");
    assert_eq!(text("[data-step=b] .name"), "ربط البيانات");
    assert_eq!(text("[data-step=b] .desc"), "𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
    // A title joined into a sentence is bidi-isolated (U+2068..U+2069): an override in it
    // cannot reorder the words around it.
    assert_eq!(
        text("[data-step=b] .lock"),
        "Nécessite : \u{2068}Émoji 🚀🧑‍🚀 ok\u{2069}"
    );
    assert_eq!(
        attr("[data-step=b] .check", "aria-describedby"),
        "fv-s1-d fv-s1-l"
    );
    assert_eq!(
        attr("[data-step=b] .skip", "aria-label"),
        "Passer ⏭ \u{2068}ربط البيانات\u{2069}"
    );
    assert_eq!(text("[data-step=b] .skip"), "Passer ⏭");
    assert_eq!(
        text("[data-step=c] .lock"),
        "Nécessite : \u{2068}Émoji 🚀🧑‍🚀 ok\u{2069}, \u{2068}ربط البيانات\u{2069}"
    );
    assert_eq!(attr("[data-step=c]", "data-status"), "locked");
    // A locked step shows why and offers no skip; an open one hides the reason.
    assert!(!one("[data-step=c] .lock").has_attribute("hidden"));
    assert!(one("[data-step=b] .skip").has_attribute("hidden"));
    assert!(c.complete("a".into()).unwrap());
    assert_eq!(attr("[data-step=b]", "data-status"), "open");
    assert!(one("[data-step=b] .lock").has_attribute("hidden"));
    assert!(!one("[data-step=b] .skip").has_attribute("hidden"));
    c.destroy();
}

#[wasm_bindgen_test]
fn invalid_config_throws_an_error_listing_every_problem_and_renders_nothing() {
    let el = target();
    let bad = r#"{"version":1,"id":"x","title":"T","steps":[{"id":"a","title":"A","requires":["conect"]},{"id":"a","title":"B"}]}"#;
    let err = mount(el.clone().into(), bad.into(), JsValue::UNDEFINED)
        .err()
        .expect_throw("should throw");
    assert!(err.is_instance_of::<js_sys::Error>());
    let msg = get(&err, "message").as_string().unwrap();
    assert!(
        msg.contains("steps[0].requires[0]: unknown step \"conect\""),
        "{msg}"
    );
    assert!(msg.contains("steps[1].id: duplicate step id"), "{msg}");
    let errors: Array = get(&err, "errors").dyn_into().unwrap();
    assert_eq!(errors.length(), 2);
    assert_eq!(
        get(&errors.get(0), "path").as_string().unwrap(),
        "steps[1].id"
    );
    assert!(el.shadow_root().is_none());
}

#[wasm_bindgen_test]
fn invalid_options_are_errors_with_paths() {
    let el = target();
    let opts = json(
        r#"{"user":{"id":""},"storage":"disk","startedAt":"yesterday","onEvent":3,"colour":"red"}"#,
    );
    let err = mount(el.into(), CONFIG.into(), opts)
        .err()
        .expect_throw("should throw");
    let paths: Vec<String> = Array::from(&get(&err, "errors"))
        .iter()
        .map(|e| get(&e, "path").as_string().unwrap())
        .collect();
    for p in [
        "options.colour",
        "options.user.id",
        "options.storage",
        "options.startedAt",
        "options.onEvent",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} missing from {paths:?}");
    }
}

#[wasm_bindgen_test]
fn a_user_click_checks_a_manual_step_and_state_reports_it() {
    let el = target();
    let c = mounted(&el, &options("u-click", "pro", "memory"));
    let input: HtmlInputElement = shadow(&el)
        .query_selector("li[data-step=invite] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.click();
    assert_eq!(status(&el, "invite"), "done");
    let state = c.state();
    assert_eq!(get(&state, "done").as_f64(), Some(1.0));
    assert_eq!(get(&state, "total").as_f64(), Some(3.0));
    assert_eq!(get(&state, "segment").as_string().unwrap(), "pro");
    let steps = Array::from(&get(&state, "steps"));
    assert_eq!(get(&steps.get(2), "status").as_string().unwrap(), "done");
    assert!(get(&steps.get(2), "completedAt").as_f64().is_some());
    assert!(get(&state, "firstValueAt").is_null());
    // A second click would uncheck a done step: refused, and the box shows done again.
    input.click();
    assert!(input.checked(), "a refused click leaves the box checked");
    assert_eq!(status(&el, "invite"), "done");
    // A locked step's checkbox cannot be used.
    let locked: HtmlInputElement = shadow(&el)
        .query_selector("li[data-step=chart] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(locked.disabled());
    c.destroy();
}

#[wasm_bindgen_test]
fn track_complete_skip_and_their_events() {
    let el = target();
    let opts = options("u-track", "pro", "memory");
    let (on_event, events) = recorder();
    let (on_fv, fvs) = recorder();
    set(&opts, "onEvent", &on_event);
    set(&opts, "onFirstValue", &on_fv);
    let c = mounted(&el, &opts);
    let (dom, dom_events) = recorder();
    el.add_event_listener_with_callback("firstvalue:step_completed", dom.unchecked_ref())
        .unwrap();

    assert_eq!(c.track("nothing".into(), JsValue::UNDEFINED).length(), 0);
    let done = c.track("connected".into(), JsValue::UNDEFINED);
    assert_eq!(done.get(0).as_string().unwrap(), "connect");
    assert!(c.complete("chart".into()).unwrap());
    assert!(!c.complete("chart".into()).unwrap());
    assert!(c.complete("nope".into()).is_err());
    assert!(
        c.complete("tour".into()).is_err(),
        "tour is not in the pro segment"
    );
    assert!(c.skip("invite".into()).unwrap());
    // track() never throws: a name that is not a string is `[]`, reported to onError.
    assert_eq!(c.track(JsValue::from(3), JsValue::UNDEFINED).length(), 0);

    assert_eq!(
        types(&events),
        [
            "checklist_started",
            "checklist_shown",
            "step_completed",
            "step_completed",
            "first_value",
            "step_skipped",
            "checklist_completed"
        ]
    );
    let first = &events.borrow()[2];
    for (k, v) in [
        ("checklistId", "bt"),
        ("segment", "pro"),
        ("userId", "u-track"),
        ("stepId", "connect"),
        ("source", "event"),
    ] {
        assert_eq!(get(first, k).as_string().as_deref(), Some(v), "{k}");
    }
    assert!(get(first, "at").as_f64().is_some());
    assert_eq!(fvs.borrow().len(), 1);
    let fv = &fvs.borrow()[0];
    assert_eq!(get(fv, "goalMs").as_f64(), Some(3_600_000.0));
    assert_eq!(get(fv, "withinGoal").as_bool(), Some(true));
    assert_eq!(
        get(fv, "ttfvMs").as_f64().unwrap(),
        get(fv, "reachedAt").as_f64().unwrap() - get(fv, "startedAt").as_f64().unwrap()
    );
    // The DOM event: bubbles, composed, the payload as detail.
    assert_eq!(dom_events.borrow().len(), 2);
    let ev: web_sys::CustomEvent = dom_events.borrow()[0].clone().unchecked_into();
    assert!(ev.bubbles() && ev.composed());
    assert_eq!(get(&ev.detail(), "stepId").as_string().unwrap(), "connect");
    c.destroy();
}

#[wasm_bindgen_test]
fn a_throwing_callback_is_reported_to_on_error_and_the_widget_carries_on() {
    let el = target();
    let opts = options("u-throw", "pro", "memory");
    set(
        &opts,
        "onStepCompleted",
        &Function::new_with_args("e", "throw new Error('host bug')").into(),
    );
    let (on_error, errors) = recorder();
    set(&opts, "onError", &on_error);
    let c = mounted(&el, &opts);
    assert_eq!(c.track("connected".into(), JsValue::UNDEFINED).length(), 1);
    assert_eq!(status(&el, "connect"), "done");
    let e = &errors.borrow()[0];
    assert_eq!(get(e, "code").as_string().unwrap(), "callback_failed");
    assert!(get(e, "message").as_string().unwrap().contains("host bug"));
    c.destroy();
}

#[wasm_bindgen_test]
fn local_storage_persists_across_mounts_memory_does_not() {
    let el = target();
    let c = mounted(&el, &options("u-persist", "pro", "local"));
    c.track("connected".into(), JsValue::UNDEFINED);
    c.destroy();
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("firstvalue:bt:u-persist")
        .unwrap();
    assert!(stored.unwrap().starts_with("{\"v\":2,"));
    let again = mounted(&el, &options("u-persist", "pro", "local"));
    assert_eq!(status(&el, "connect"), "done");
    again.destroy();

    let m = mounted(&el, &options("u-mem", "pro", "memory"));
    m.track("connected".into(), JsValue::UNDEFINED);
    m.destroy();
    let m2 = mounted(&el, &options("u-mem", "pro", "memory"));
    assert_eq!(status(&el, "connect"), "open");
    m2.destroy();
}

#[wasm_bindgen_test]
fn corrupt_storage_is_reported_and_the_widget_starts_fresh() {
    let store = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    store
        .set_item("firstvalue:bt:u-corrupt", "{not json")
        .unwrap();
    let el = target();
    let opts = options("u-corrupt", "pro", "local");
    let (on_error, errors) = recorder();
    set(&opts, "onError", &on_error);
    let c = mounted(&el, &opts);
    assert_eq!(
        get(&errors.borrow()[0], "code").as_string().unwrap(),
        "storage_corrupt"
    );
    c.track("connected".into(), JsValue::UNDEFINED);
    assert!(store
        .get_item("firstvalue:bt:u-corrupt")
        .unwrap()
        .unwrap()
        .contains("connect"));
    c.destroy();
}

#[wasm_bindgen_test]
fn segment_by_traits_or_forced_and_unknown_segment_throws() {
    let el = target();
    let c = mounted(&el, &options("u-seg", "free", "memory"));
    assert_eq!(get(&c.state(), "segment").as_string().unwrap(), "rest");
    c.destroy();
    let opts = options("u-seg", "free", "memory");
    set(&opts, "segment", &"pro".into());
    let c = mounted(&el, &opts);
    assert_eq!(get(&c.state(), "segment").as_string().unwrap(), "pro");
    c.destroy();
    set(&opts, "segment", &"gold".into());
    let err = mount(el.into(), CONFIG.into(), opts).err().unwrap();
    assert!(get(&err, "message")
        .as_string()
        .unwrap()
        .contains("options.segment: unknown segment \"gold\""));
}

/// A user whose traits match no segment (staff, trial accounts) is normal data: the
/// checklist renders nothing, fires nothing, stores nothing, and says so in state().
#[wasm_bindgen_test]
fn a_user_in_no_segment_gets_an_empty_checklist_not_an_error() {
    let config = CONFIG.replace(
        r#"{ "id": "rest", "steps": ["tour", "invite"] }"#,
        r#"{ "id": "rest", "match": { "plan": "free" }, "steps": ["tour", "invite"] }"#,
    );
    let el = target();
    let opts = options("u-none", "staff", "local");
    let (on_event, events) = recorder();
    set(&opts, "onEvent", &on_event);
    let c = mount(el.clone().into(), config.as_str().into(), opts).expect("no error");
    assert!(el.shadow_root().is_none(), "nothing rendered");
    let state = c.state();
    assert!(get(&state, "segment").is_null());
    assert!(get(&state, "startedAt").is_null());
    assert_eq!(get(&state, "checklistId").as_string().unwrap(), "bt");
    assert_eq!(get(&state, "userId").as_string().unwrap(), "u-none");
    assert_eq!(get(&state, "total").as_f64(), Some(0.0));
    assert_eq!(Array::from(&get(&state, "steps")).length(), 0);
    assert_eq!(c.track("connected".into(), JsValue::UNDEFINED).length(), 0);
    assert_eq!(c.complete("connect".into()).ok(), Some(false));
    c.open();
    c.reset();
    c.destroy();
    assert!(events.borrow().is_empty(), "nothing fired");
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert!(
        local.get_item("firstvalue:bt:u-none").unwrap().is_none(),
        "nothing stored"
    );
}

#[wasm_bindgen_test]
fn minimize_open_dismiss_and_destroy_leave_the_page_as_it_was() {
    let el = target();
    el.set_text_content(Some("host content"));
    let c = mounted(&el, &options("u-ui", "pro", "memory"));
    let root = shadow(&el);
    let panel = root.query_selector(".panel").unwrap().unwrap();
    let launcher = root.query_selector(".launcher").unwrap().unwrap();
    c.minimize();
    assert!(panel.has_attribute("hidden") && !launcher.has_attribute("hidden"));
    c.open();
    assert!(!panel.has_attribute("hidden") && launcher.has_attribute("hidden"));
    c.dismiss();
    assert!(panel.has_attribute("hidden") && launcher.has_attribute("hidden"));
    assert_eq!(get(&c.state(), "dismissed").as_bool(), Some(true));
    c.destroy();
    c.destroy();
    // Only a <slot> remains, so the host's own content shows again.
    assert_eq!(root.child_element_count(), 1);
    assert_eq!(root.first_element_child().unwrap().tag_name(), "SLOT");
    assert_eq!(el.text_content().unwrap(), "host content");
    // state() after destroy() is the last state, as its type says; methods are no-ops.
    assert_eq!(get(&c.state(), "dismissed").as_bool(), Some(true));
    assert_eq!(get(&c.state(), "userId").as_string().unwrap(), "u-ui");
    assert_eq!(c.track("connected".into(), JsValue::UNDEFINED).length(), 0);
    assert_eq!(c.complete("connect".into()).ok(), Some(false));
    assert_eq!(c.complete(JsValue::from(5)).ok(), Some(false));
    assert_eq!(c.skip("invite".into()).ok(), Some(false));
    // Mounting again on the same target works.
    let again = mounted(&el, &options("u-ui2", "pro", "memory"));
    assert!(shadow(&el).query_selector(".panel").unwrap().is_some());
    again.destroy();
}

#[wasm_bindgen_test]
fn several_checklists_on_one_page_are_independent() {
    let (a, b) = (target(), target());
    let ca = mounted(&a, &options("u-multi-a", "pro", "memory"));
    let cb = mounted(&b, &options("u-multi-b", "pro", "memory"));
    ca.track("connected".into(), JsValue::UNDEFINED);
    assert_eq!(status(&a, "connect"), "done");
    assert_eq!(status(&b, "connect"), "open");
    ca.destroy();
    cb.track("connected".into(), JsValue::UNDEFINED);
    assert_eq!(status(&b, "connect"), "done");
    cb.destroy();
}

#[wasm_bindgen_test]
fn validate_config_reports_errors_and_warnings_without_dom() {
    let r = validate_config(CONFIG.into());
    assert_eq!(get(&r, "ok").as_bool(), Some(true));
    assert_eq!(Array::from(&get(&r, "errors")).length(), 0);
    assert!(
        Array::from(&get(&r, "warnings")).length() >= 1,
        "segment rest has no ttfvGoal"
    );
    let r = validate_config(json(r#"{"version":1}"#));
    assert_eq!(get(&r, "ok").as_bool(), Some(false));
    let r = validate_config("{oops".into());
    assert_eq!(get(&r, "ok").as_bool(), Some(false));
    let _ = Object::new();
}

#[wasm_bindgen_test]
async fn action_clicks_dismiss_and_reset_report_their_events() {
    let el = target();
    let opts = options("u-actions", "free", "session");
    let (on_event, events) = recorder();
    set(&opts, "onEvent", &on_event);
    let c = mounted(&el, &opts);
    let button: web_sys::HtmlElement = shadow(&el)
        .query_selector("li[data-step=tour] [data-act=action]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    let skip: web_sys::HtmlElement = shadow(&el)
        .query_selector("li[data-step=invite] [data-act=skip]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    skip.click();
    assert_eq!(status(&el, "invite"), "skipped");
    c.dismiss();
    c.dismiss();
    c.reset();
    assert_eq!(status(&el, "invite"), "open");
    assert_eq!(get(&c.state(), "dismissed").as_bool(), Some(false));
    // Session storage is shared by the checklists of this tab: once-only events are
    // claimed first (a Web Lock), so they and what follows arrive a task later.
    settle().await;
    assert_eq!(
        types(&events),
        [
            "checklist_started",
            "checklist_shown",
            "action_clicked",
            "step_skipped",
            "checklist_dismissed",
            "checklist_started"
        ]
    );
    assert_eq!(
        get(&events.borrow()[2], "event").as_string().unwrap(),
        "open_tour"
    );
    // Session storage holds it under the checklist and user key.
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    assert!(session
        .get_item("firstvalue:bt:u-actions")
        .unwrap()
        .unwrap()
        .contains("\"g\":1"));
    c.destroy();
}

#[wasm_bindgen_test]
fn cyclic_or_deep_configs_are_errors_not_crashes() {
    let el = target();
    let cyclic = json(CONFIG);
    set(&cyclic, "self", &cyclic);
    let err = mount(el.clone().into(), cyclic, JsValue::UNDEFINED)
        .err()
        .expect_throw("should throw");
    assert!(get(&err, "message").as_string().unwrap().contains("cyclic"));
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let r = validate_config(deep.into());
    assert_eq!(get(&r, "ok").as_bool(), Some(false));
    assert!(el.shadow_root().is_none());
}

/// The one path of a refused mount's single problem, and its message.
fn refusal(el: &Element, opts: &JsValue) -> (String, String) {
    let err = match mount(el.clone().into(), CONFIG.into(), opts.clone()) {
        Ok(c) => {
            c.destroy();
            panic!("mount was not refused");
        }
        Err(e) => e,
    };
    let first = Array::from(&get(&err, "errors")).get(0);
    (
        get(&first, "path").as_string().unwrap_or_default(),
        get(&first, "message").as_string().unwrap_or_default(),
    )
}

/// A target holds one checklist: a second mount is refused at `target`, and so is a
/// shadow root the page filled itself; `destroy()` leaves only a `<slot>`, and the
/// element then takes a new checklist.
#[wasm_bindgen_test]
fn a_target_holds_one_checklist_and_takes_a_new_one_after_destroy() {
    let el = target();
    let opts = options("u-once", "pro", "memory");
    let c = mounted(&el, &opts);
    let (path, message) = refusal(&el, &opts);
    assert_eq!(path, "target");
    assert!(message.contains("already holds"), "{message}");
    // The refusal leaves the mounted checklist as it was.
    c.track("connected".into(), JsValue::UNDEFINED);
    assert_eq!(status(&el, "connect"), "done");
    c.destroy();
    let root = shadow(&el);
    assert_eq!(root.child_element_count(), 1);
    assert_eq!(root.first_element_child().unwrap().tag_name(), "SLOT");
    let again = mounted(&el, &opts);
    assert_eq!(status(&el, "connect"), "open");
    again.destroy();

    let doc = web_sys::window().unwrap().document().unwrap();
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    // A slot followed by the page's own content is not what destroy() leaves.
    let other = target();
    let foreign = other.attach_shadow(&init).unwrap();
    foreign
        .append_child(&doc.create_element("slot").unwrap())
        .unwrap();
    foreign
        .append_child(&doc.create_element("p").unwrap())
        .unwrap();
    assert_eq!(refusal(&other, &opts).0, "target");
    assert_eq!(
        foreign.child_element_count(),
        2,
        "the page's content is kept"
    );
    // Something other than a slot, alone.
    let third = target();
    let foreign = third.attach_shadow(&init).unwrap();
    foreign
        .append_child(&doc.create_element("p").unwrap())
        .unwrap();
    assert_eq!(refusal(&third, &opts).0, "target");
}

/// The cssText of every rule of a sheet, as Chromium serializes it.
fn rules(sheet: &JsValue) -> Vec<String> {
    let list = get(sheet, "cssRules");
    let n = get(&list, "length").as_f64().unwrap_or(0.0) as u32;
    (0..n)
        .map(|i| {
            get(&Reflect::get_u32(&list, i).unwrap(), "cssText")
                .as_string()
                .unwrap()
        })
        .collect()
}

/// The wasm carries `style.css` minified at compile time (`firstvalue::css`): Chromium
/// must read it rule for rule as it reads the source.
#[wasm_bindgen_test]
fn the_adopted_stylesheet_means_what_style_css_says() {
    let el = target();
    let c = mounted(&el, &options("u-css", "pro", "memory"));
    let adopted = Array::from(&get(&shadow(&el), "adoptedStyleSheets"));
    assert_eq!(adopted.length(), 1);
    let source = web_sys::CssStyleSheet::new().unwrap();
    source
        .replace_sync(include_str!("../src/web/style.css"))
        .unwrap();
    let (ours, theirs) = (rules(&adopted.get(0)), rules(&source));
    assert!(ours.len() > 30, "{} rules", ours.len());
    assert_eq!(ours, theirs);
    c.destroy();
}

const RULES: &str = r##"{
  "version": 1, "id": "br", "title": "Rules",
  "steps": [
    { "id": "charts", "title": "Three bar charts",
      "completeOn": [{ "event": "chart_saved", "count": 3, "where": { "kind": "bar" } }] },
    { "id": "reports", "title": "Visit a report", "completeOn": [{ "page": "/reports/*" }] },
    { "id": "invite", "title": "Invite", "completeOn": [{ "click": "[data-onboarding=invite]" }] },
    { "id": "sso", "title": "SSO", "completeOn": ["sso_enabled"], "showIf": { "role": "admin" } },
    { "id": "billing", "title": "Billing", "completeOn": ["billing_added"], "scope": "account",
      "showIf": { "account.plan": "team" } }
  ]
}"##;

fn step_ids(el: &Element) -> Vec<String> {
    let list = shadow(el).query_selector_all("li[data-step]").unwrap();
    (0..list.length())
        .filter_map(|i| {
            list.item(i)?
                .dyn_into::<Element>()
                .ok()?
                .get_attribute("data-step")
        })
        .collect()
}

#[wasm_bindgen_test]
async fn counted_filtered_page_and_click_rules_complete_steps_and_show_if_hides() {
    let window = web_sys::window().unwrap();
    let doc = window.document().unwrap();
    let history = get(&window, "history");
    let push = |url: &str| {
        let f: Function = get(&history, "pushState").dyn_into().unwrap();
        f.call3(&history, &JsValue::NULL, &"".into(), &url.into())
            .unwrap();
    };
    let back_to = get(&get(&window, "location"), "pathname");
    let el = target();
    let opts = json(r#"{"user":{"id":"u-rules","traits":{"role":"member"}},"storage":"memory"}"#);
    let (on_event, seen) = recorder();
    let (on_error, errors) = recorder();
    set(&opts, "onEvent", &on_event);
    set(&opts, "onError", &on_error);
    let c = mount(el.clone().into(), RULES.into(), opts).expect_throw("mount");
    // Hidden from a member, and without an account the billing step's showIf fails too.
    assert_eq!(step_ids(&el), ["charts", "reports", "invite"]);
    let state = c.state();
    let steps: Array = get(&state, "steps").dyn_into().unwrap();
    assert_eq!(get(&steps.get(3), "status").as_string().unwrap(), "hidden");
    assert_eq!(get(&state, "total").as_f64(), Some(3.0));
    assert!(
        !c.complete("sso".into()).unwrap(),
        "a hidden step is not completed"
    );
    // Counted with a property condition; properties that are not an object are reported.
    let bar = json(r#"{"kind":"bar"}"#);
    assert_eq!(c.track("chart_saved".into(), bar.clone()).length(), 0);
    assert_eq!(
        c.track("chart_saved".into(), json(r#"{"kind":"line"}"#))
            .length(),
        0
    );
    assert_eq!(c.track("chart_saved".into(), 42.into()).length(), 0);
    assert_eq!(
        get(&errors.borrow()[0], "code").as_string().unwrap(),
        "invalid_argument"
    );
    assert_eq!(c.track("chart_saved".into(), bar.clone()).length(), 0);
    let done = c.track("chart_saved".into(), bar);
    assert_eq!(done.get(0).as_string().unwrap(), "charts");
    // A page rule: history.pushState is announced by the Navigation API in Chromium;
    // page() covers routers in browsers without it.
    push("/reports/7");
    settle().await;
    assert_eq!(status(&el, "reports"), "done");
    // A click on a host element, and not one inside another shadow root.
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let inner = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let hidden_button = doc.create_element("button").unwrap();
    hidden_button
        .set_attribute("data-onboarding", "invite")
        .unwrap();
    inner.append_child(&hidden_button).unwrap();
    hidden_button
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    assert_eq!(status(&el, "invite"), "open");
    let button = doc.create_element("button").unwrap();
    button.set_attribute("data-onboarding", "invite").unwrap();
    let label = doc.create_element("span").unwrap();
    button.append_child(&label).unwrap();
    doc.body().unwrap().append_child(&button).unwrap();
    label.unchecked_ref::<web_sys::HtmlElement>().click();
    assert_eq!(status(&el, "invite"), "done");
    settle().await;
    let sources: Vec<String> = seen
        .borrow()
        .iter()
        .filter(|e| get(e, "type").as_string().as_deref() == Some("step_completed"))
        .map(|e| get(e, "source").as_string().unwrap_or_default())
        .collect();
    assert_eq!(sources, ["event", "page", "click_target"]);
    c.destroy();
    // After destroy the page's clicks and navigations reach nothing.
    label.unchecked_ref::<web_sys::HtmlElement>().click();
    push(&back_to.as_string().unwrap_or("/".into()));
    button.remove();
    host.remove();
}

#[wasm_bindgen_test]
fn a_selector_the_browser_refuses_is_a_located_error() {
    let bad = r#"{"version":1,"id":"s","title":"T","steps":[{"id":"a","title":"A","completeOn":[{"any":["x",{"click":"button:not-a-pseudo"}]}]}]}"#;
    let err = mount(target().into(), bad.into(), JsValue::UNDEFINED)
        .err()
        .expect_throw("refused");
    let errors: Array = get(&err, "errors").dyn_into().unwrap();
    assert_eq!(
        get(&errors.get(0), "path").as_string().unwrap(),
        "steps[0].completeOn[0]"
    );
    let message = get(&errors.get(0), "message").as_string().unwrap();
    assert!(message.contains("button:not-a-pseudo"), "{message}");
    assert_eq!(
        get(&errors.get(0), "code").as_string().as_deref(),
        Some("invalid_selector")
    );
    let v = validate_config(bad.into());
    assert_eq!(get(&v, "ok"), JsValue::FALSE);
}

/// `errors[].code` in `validateConfig()` and `mount()`'s Error, and `error.code` on a
/// method's Error: hosts handle errors by code.
#[wasm_bindgen_test]
fn errors_carry_stable_codes() {
    let bad =
        r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A","requires":["b"]}]}"#;
    let v = validate_config(bad.into());
    let errors: Array = get(&v, "errors").dyn_into().unwrap();
    assert_eq!(
        get(&errors.get(0), "code").as_string().as_deref(),
        Some("unknown_step")
    );
    let err = mount(target().into(), bad.into(), JsValue::UNDEFINED)
        .err()
        .expect_throw("refused");
    let errors: Array = get(&err, "errors").dyn_into().unwrap();
    assert_eq!(
        get(&errors.get(0), "code").as_string().as_deref(),
        Some("unknown_step")
    );
    let good = r#"{"version":1,"id":"c","title":"T","steps":[{"id":"a","title":"A"}]}"#;
    let el = target();
    let c = mount(
        el.clone().into(),
        good.into(),
        json(r#"{"storage":"memory"}"#),
    )
    .expect_throw("good");
    let e = c
        .complete("nope".into())
        .err()
        .expect_throw("unknown step id");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("unknown_step_id")
    );
    let e = c.skip("a".into()).err().expect_throw("not skippable");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("not_skippable")
    );
    c.destroy();
    el.remove();
}

/// The CLI test `check_refuses_the_selectors_the_browser_refuses` reads the same fixture:
/// `a[href` (which the browser's parser would close), pseudo-elements and `:host` are
/// refused on both sides; selectors that merely look like them are accepted on both.
#[wasm_bindgen_test]
fn the_cli_and_the_browser_agree_on_selectors() {
    let text = include_str!("fixtures/selectors.json");
    let v = validate_config(text.into());
    let errors: Array = get(&v, "errors").dyn_into().unwrap();
    let refused: Vec<String> = errors
        .iter()
        .map(|e| get(&e, "path").as_string().unwrap())
        .collect();
    let config: JsValue = js_sys::JSON::parse(text).unwrap();
    let steps: Array = get(&config, "steps").dyn_into().unwrap();
    for (i, step) in steps.iter().enumerate() {
        let title = get(&step, "title").as_string().unwrap();
        let path = format!("steps[{i}].completeOn[0]");
        let is_refused = refused.iter().any(|p| p.starts_with(&path));
        assert_eq!(
            is_refused,
            title.starts_with("refused"),
            "{title}: {refused:?}"
        );
    }
    assert!(mount(target().into(), text.into(), JsValue::UNDEFINED).is_err());
    // The accepted ones alone pass the browser's own parser too.
    let accepted: Array = steps
        .iter()
        .filter(|s| get(s, "title").as_string().unwrap().starts_with("accepted"))
        .collect();
    Reflect::set(&config, &"steps".into(), &accepted).unwrap();
    let only = JSON::stringify(&config).unwrap().as_string().unwrap();
    let el = target();
    let c = mount(el.clone().into(), only.into(), JsValue::UNDEFINED).expect_throw("accepted");
    c.destroy();
    el.remove();
}

#[wasm_bindgen_test]
fn an_account_step_done_by_one_member_shows_done_for_another() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let opts = |user: &str| {
        json(&format!(
            r#"{{"user":{{"id":"{user}"}},"account":{{"id":"acme-co","traits":{{"plan":"team"}}}}}}"#
        ))
    };
    let (a, b) = (target(), target());
    let ann = mount(a.clone().into(), RULES.into(), opts("ann")).expect_throw("ann");
    let bob = mount(b.clone().into(), RULES.into(), opts("bob")).expect_throw("bob");
    assert!(
        step_ids(&a).contains(&"billing".to_string()),
        "account.plan is read"
    );
    assert_eq!(
        ann.track("billing_added".into(), JsValue::UNDEFINED)
            .get(0)
            .as_string()
            .unwrap(),
        "billing"
    );
    let stored = storage
        .get_item("firstvalue:br#account:acme-co")
        .unwrap()
        .unwrap();
    assert!(stored.contains("billing"), "{stored}");
    assert!(!storage
        .get_item("firstvalue:br:ann")
        .unwrap()
        .unwrap()
        .contains("billing"));
    // A user whose id looks like the account key's suffix neither reads nor writes it.
    let account_key = "firstvalue:br#account:acme-co";
    let before = storage.get_item(account_key).unwrap();
    let el = target();
    let impostor = mount(
        el.clone().into(),
        RULES.into(),
        json(r#"{"user":{"id":"account:acme-co"}}"#),
    )
    .expect_throw("impostor");
    impostor.dismiss(); // saves the impostor's own progress
    assert_eq!(storage.get_item(account_key).unwrap(), before);
    impostor.destroy();
    // Bob's next input reads what the account stored.
    bob.track("noop".into(), JsValue::UNDEFINED);
    assert_eq!(status(&b, "billing"), "done");
    ann.destroy();
    bob.destroy();
    storage.clear().unwrap();
}

const NUDGES: &str = r#"{
  "version": 1, "id": "bn", "title": "Nudges", "snoozeOptions": ["PT1H"],
  "steps": [{ "id": "a", "title": "A", "completeOn": ["did_a"] }],
  "segments": [{ "id": "s", "steps": ["a"], "ttfvGoal": "PT10H", "atRisk": 0.5,
    "stalledAfter": "PT2H", "reshowAfter": "PT1H",
    "help": { "title": "Need help?", "action": { "label": "Chat", "event": "open_chat" } } }]
}"#;

#[wasm_bindgen_test]
async fn snooze_hides_the_widget_and_help_shows_when_at_risk() {
    let el = target();
    let opts = json(r#"{"user":{"id":"u-nudge"},"storage":"memory"}"#);
    // Signed up six hours ago: at risk (at 5 h) and stalled (at 2 h) at mount.
    set(
        &opts,
        "startedAt",
        &(js_sys::Date::now() - 6.0 * 3_600_000.0).into(),
    );
    let (on_event, seen) = recorder();
    let (on_risk, risk) = recorder();
    set(&opts, "onEvent", &on_event);
    set(&opts, "onGoalAtRisk", &on_risk);
    let c = mount(el.clone().into(), NUDGES.into(), opts).expect_throw("mount");
    let root = shadow(&el);
    let one = |sel: &str| root.query_selector(sel).unwrap().expect_throw(sel);
    assert!(
        !one(".help").has_attribute("hidden"),
        "at risk: the help offer shows"
    );
    assert_eq!(one(".help-title").text_content().unwrap(), "Need help?");
    assert_eq!(
        types(&seen),
        [
            "checklist_started",
            "checklist_shown",
            "checklist_stalled",
            "goal_at_risk"
        ]
    );
    assert_eq!(get(&risk.borrow()[0], "openSteps").as_f64(), Some(1.0));
    // Its action reports action_clicked with no step.
    one("[data-act=help]")
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    let last = seen.borrow().last().cloned().unwrap();
    assert_eq!(get(&last, "stepId"), JsValue::NULL);
    assert_eq!(get(&last, "help"), JsValue::TRUE);
    // One snooze option: the button snoozes at once.
    let later = one("[data-act=snooze]");
    assert_eq!(later.text_content().unwrap(), "Remind me later");
    assert_eq!(later.get_attribute("data-ms").unwrap(), "3600000");
    later.unchecked_ref::<web_sys::HtmlElement>().click();
    assert!(one(".panel").has_attribute("hidden") && one(".launcher").has_attribute("hidden"));
    let until = get(seen.borrow().last().unwrap(), "until")
        .as_f64()
        .unwrap();
    assert!((until - js_sys::Date::now() - 3_600_000.0).abs() < 5_000.0);
    // open() ends a snooze early; snooze() takes ISO 8601 or ms, and refuses the rest.
    c.open();
    assert!(!one(".panel").has_attribute("hidden"));
    c.snooze("PT30M".into()).expect_throw("iso");
    assert!(one(".panel").has_attribute("hidden"));
    c.snooze(60_000.into()).expect_throw("ms");
    let err = c.snooze("soon".into()).err().expect_throw("refused");
    assert!(js_sys::Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap()
        .contains("duration"));
    c.destroy();
}
