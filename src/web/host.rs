//! Telling the host: callbacks and DOM `CustomEvent`s. A callback that throws is
//! caught and reported to `onError`; nothing ever throws into the host page.

use super::js::{set, to_js};
use super::options::{call, Callbacks};
use super::storage::Fault;
use crate::core::json::Value;
use crate::core::notice::{Context, Notice};
use js_sys::{Function, Object};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Delivers `notice` to `onEvent`, its own callback and a `firstvalue:<type>` event on `target`.
pub fn notify(target: &Element, callbacks: &Callbacks, notice: &Notice, ctx: Context, at: u64) {
    let payload: Value = notice.payload(ctx, at);
    let detail = to_js(&payload);
    // The event's own callback, with its name for error messages.
    let own = match notice {
        Notice::StepCompleted { .. } => ("onStepCompleted", &callbacks.on_step_completed),
        Notice::FirstValue { .. } => ("onFirstValue", &callbacks.on_first_value),
        Notice::Completed { .. } => ("onComplete", &callbacks.on_complete),
        Notice::GoalMissed { .. } => ("onGoalMissed", &callbacks.on_goal_missed),
        _ => ("", &None),
    };
    for (name, f) in [("onEvent", &callbacks.on_event), own] {
        if let Some(f) = f {
            if let Err(m) = call(f, &[&detail]) {
                report(
                    callbacks,
                    &Fault::new("callback_failed", format!("{name} threw: {m}")),
                );
            }
        }
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) =
        CustomEvent::new_with_event_init_dict(&format!("firstvalue:{}", notice.kind()), &init)
    {
        let _ = target.dispatch_event(&event);
    }
}

/// Reports a runtime fault to `onError({ code, message })`, or to the console
/// when there is no `onError` or it throws too.
pub fn report(callbacks: &Callbacks, fault: &Fault) {
    let e = Object::new();
    set(&e, "code", &fault.code.into());
    set(&e, "message", &fault.message.as_str().into());
    let delivered = callbacks
        .on_error
        .as_ref()
        .map(|f: &Function| call(f, &[&e]).is_ok())
        .unwrap_or(false);
    if !delivered {
        web_sys::console::warn_2(&JsValue::from_str("firstvalue:"), &e);
    }
}
